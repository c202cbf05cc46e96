PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_installed_certificates` (
	`station_id` text NOT NULL,
	`certificate_type` text NOT NULL,
	`hash_algorithm` text NOT NULL,
	`issuer_name_hash` text NOT NULL,
	`issuer_key_hash` text NOT NULL,
	`serial_number` text NOT NULL,
	`reported_at` text NOT NULL,
	PRIMARY KEY(`station_id`, `certificate_type`, `hash_algorithm`, `issuer_name_hash`, `issuer_key_hash`, `serial_number`),
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_installed_certificates`("station_id", "certificate_type", "hash_algorithm", "issuer_name_hash", "issuer_key_hash", "serial_number", "reported_at") SELECT "station_id", "certificate_type", "hash_algorithm", "issuer_name_hash", "issuer_key_hash", "serial_number", "reported_at" FROM `installed_certificates`;--> statement-breakpoint
DROP TABLE `installed_certificates`;--> statement-breakpoint
ALTER TABLE `__new_installed_certificates` RENAME TO `installed_certificates`;--> statement-breakpoint
PRAGMA foreign_keys=ON;