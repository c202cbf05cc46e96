PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_meter_values` (
	`id` integer PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`connector_id` integer NOT NULL,
	`transaction_id` integer,
	`timestamp` text NOT NULL,
	`value` text NOT NULL,
	`context` text,
	`format` text,
	`measurand` text,
	`phase` text,
	`location` text,
	`unit` text
);
--> statement-breakpoint
INSERT INTO `__new_meter_values`("id", "station_id", "connector_id", "transaction_id", "timestamp", "value", "context", "format", "measurand", "phase", "location", "unit") SELECT "id", "station_id", "connector_id", "transaction_id", "timestamp", "value", "context", "format", "measurand", "phase", "location", "unit" FROM `meter_values`;--> statement-breakpoint
DROP TABLE `meter_values`;--> statement-breakpoint
ALTER TABLE `__new_meter_values` RENAME TO `meter_values`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `meter_values_transaction` ON `meter_values` (`transaction_id`);