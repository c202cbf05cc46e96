CREATE TABLE `firmware_downloads` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`firmware_id` integer NOT NULL,
	`job_id` integer,
	`station_id` text NOT NULL,
	`created_at` text NOT NULL,
	`downloads` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `firmware_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`path` text NOT NULL,
	`signature` text NOT NULL,
	`signing_certificate` text NOT NULL,
	`signed_by` text NOT NULL,
	`uploaded_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `upload_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`kind` text NOT NULL,
	`job_id` integer,
	`token_hash` text NOT NULL,
	`max_bytes` integer NOT NULL,
	`path` text,
	`file_name` text,
	`size` integer,
	`created_at` text NOT NULL,
	`uploaded_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `upload_slots_token_hash_unique` ON `upload_slots` (`token_hash`);