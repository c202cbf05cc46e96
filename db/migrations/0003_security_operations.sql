CREATE TABLE `csr_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`csr` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`received_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`certificate_serial` text
);
--> statement-breakpoint
CREATE INDEX `csr_requests_station` ON `csr_requests` (`station_id`);--> statement-breakpoint
CREATE TABLE `installed_certificates` (
	`station_id` text NOT NULL,
	`certificate_type` text NOT NULL,
	`hash_algorithm` text NOT NULL,
	`issuer_name_hash` text NOT NULL,
	`issuer_key_hash` text NOT NULL,
	`serial_number` text NOT NULL,
	`reported_at` text NOT NULL,
	PRIMARY KEY(`station_id`, `hash_algorithm`, `issuer_name_hash`, `issuer_key_hash`, `serial_number`),
	FOREIGN KEY (`station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `job_statuses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`station_id` text NOT NULL,
	`job_id` integer,
	`request_id` integer,
	`status` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `job_statuses_job` ON `job_statuses` (`job_id`);--> statement-breakpoint
CREATE TABLE `security_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`station_id` text NOT NULL,
	`type` text NOT NULL,
	`timestamp` text NOT NULL,
	`tech_info` text,
	`critical` integer NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `security_events_station` ON `security_events` (`station_id`,`timestamp`);--> statement-breakpoint
CREATE TABLE `station_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`station_id` text NOT NULL,
	`request` text NOT NULL,
	`answer` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `station_jobs_station` ON `station_jobs` (`station_id`);