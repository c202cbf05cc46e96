CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `connectors` (
	`station_id` text NOT NULL,
	`connector_id` integer NOT NULL,
	`status` text NOT NULL,
	`error_code` text NOT NULL,
	`info` text,
	`vendor_id` text,
	`vendor_error_code` text,
	`timestamp` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`station_id`, `connector_id`),
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `data_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`vendor_id` text NOT NULL,
	`message_id` text,
	`data` text,
	`status` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `id_tags` (
	`id_tag` text COLLATE NOCASE PRIMARY KEY NOT NULL,
	`parent_id_tag` text COLLATE NOCASE,
	`expiry_date` text,
	`max_active_transactions` integer DEFAULT 1 NOT NULL,
	`blocked` integer DEFAULT false NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meter_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
CREATE INDEX `meter_values_transaction` ON `meter_values` (`transaction_id`);--> statement-breakpoint
CREATE TABLE `station_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`action` text NOT NULL,
	`payload` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` text NOT NULL,
	`completed_at` text,
	`outcome` text NOT NULL,
	`result` text,
	`error_code` text,
	`error_description` text
);
--> statement-breakpoint
CREATE INDEX `station_calls_station` ON `station_calls` (`station_id`,`id`);--> statement-breakpoint
CREATE TABLE `station_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`received_at` text NOT NULL,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `station_notifications_station` ON `station_notifications` (`station_id`);--> statement-breakpoint
CREATE TABLE `stations` (
	`id` text PRIMARY KEY NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`registration_status` text DEFAULT 'Accepted' NOT NULL,
	`charge_point_vendor` text,
	`charge_point_model` text,
	`charge_point_serial_number` text,
	`charge_box_serial_number` text,
	`firmware_version` text,
	`iccid` text,
	`imsi` text,
	`meter_type` text,
	`meter_serial_number` text,
	`last_boot_at` text,
	`last_heartbeat_at` text,
	`firmware_status` text,
	`firmware_status_at` text,
	`diagnostics_status` text,
	`diagnostics_status_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `status_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`connector_id` integer NOT NULL,
	`status` text NOT NULL,
	`error_code` text NOT NULL,
	`info` text,
	`vendor_id` text,
	`vendor_error_code` text,
	`timestamp` text,
	`received_at` text NOT NULL,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `status_notifications_station` ON `status_notifications` (`station_id`,`connector_id`);--> statement-breakpoint
CREATE TABLE `transaction_anomalies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`transaction_id` integer,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`payload` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`connector_id` integer NOT NULL,
	`id_tag` text COLLATE NOCASE NOT NULL,
	`meter_start` integer NOT NULL,
	`start_timestamp` text NOT NULL,
	`reservation_id` integer,
	`start_status` text NOT NULL,
	`meter_stop` integer,
	`stop_timestamp` text,
	`stop_reason` text,
	`stop_id_tag` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transactions_start_identity` ON `transactions` (`station_id`,`connector_id`,`id_tag`,`meter_start`,`start_timestamp`);--> statement-breakpoint
CREATE INDEX `transactions_id_tag` ON `transactions` (`id_tag`);--> statement-breakpoint
CREATE TABLE `unknown_stations` (
	`id` text PRIMARY KEY NOT NULL,
	`last_address` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
