CREATE TYPE "public"."import_change_kind" AS ENUM('created', 'updated');--> statement-breakpoint
CREATE TYPE "public"."import_kind" AS ENUM('archive', 'locations');--> statement-breakpoint
CREATE TYPE "public"."import_status" AS ENUM('committed', 'undone');--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_code" text NOT NULL,
	"user_id" uuid,
	"username" text,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"kind" "import_kind" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"counts" jsonb NOT NULL,
	"status" "import_status" DEFAULT 'committed' NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid
);
--> statement-breakpoint
CREATE TABLE "import_changes" (
	"batch_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"change" "import_change_kind" NOT NULL,
	"before" jsonb,
	"after_version" integer NOT NULL,
	"after_updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_changes_batch_id_household_id_pk" PRIMARY KEY("batch_id","household_id")
);
--> statement-breakpoint
CREATE TABLE "import_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"locations_file_name" text,
	"locations_sha256" text,
	"locations_bytes" "bytea",
	"locations_crs" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "import_uploads_crs" CHECK ("import_uploads"."locations_crs" is null or "import_uploads"."locations_crs" in ('wgs84', 'gcj02'))
);
--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_village_code_areas_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."areas"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_changes" ADD CONSTRAINT "import_changes_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_village_code_areas_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."areas"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_batches_village_idx" ON "import_batches" USING btree ("village_code","created_at");--> statement-breakpoint
CREATE INDEX "import_changes_household_idx" ON "import_changes" USING btree ("household_id");--> statement-breakpoint
CREATE INDEX "import_uploads_expiry_idx" ON "import_uploads" USING btree ("expires_at");