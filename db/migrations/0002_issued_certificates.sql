CREATE TABLE `issued_certificates` (
	`serial_number` text PRIMARY KEY NOT NULL,
	`station_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`subject` text NOT NULL,
	`issuer` text NOT NULL,
	`key_type` text NOT NULL,
	`key_size` integer NOT NULL,
	`not_before` text NOT NULL,
	`not_after` text NOT NULL,
	`pem` text NOT NULL,
	`answer` text,
	`issued_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `issued_certificates_fingerprint_unique` ON `issued_certificates` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `issued_certificates_station` ON `issued_certificates` (`station_id`);