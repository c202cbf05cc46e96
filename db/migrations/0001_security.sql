CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`kind` text NOT NULL,
	`station_id` text,
	`address` text,
	`reason` text NOT NULL,
	`actor` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_station` ON `audit_log` (`station_id`);--> statement-breakpoint
CREATE TABLE `revoked_certificates` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`revoked_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `server_certificates` (
	`kind` text PRIMARY KEY NOT NULL,
	`certificate_pem` text NOT NULL,
	`key_pem` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `trust_anchors` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`pem` text NOT NULL,
	`subject` text NOT NULL,
	`not_before` text NOT NULL,
	`not_after` text NOT NULL,
	`added_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `stations` ADD `security_profile` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `stations` ADD `password_hash` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `pending_password_hash` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `cpo_name` text;--> statement-breakpoint
ALTER TABLE `stations` ADD `certificate_identity` text;