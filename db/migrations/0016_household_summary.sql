CREATE TABLE "area_tallies" (
	"area_code" text NOT NULL,
	"level" "area_level" NOT NULL,
	"status" "household_status" NOT NULL,
	"categories" text[] NOT NULL,
	"category_tokens" text[] NOT NULL,
	"disabilities" text[] NOT NULL,
	"households" integer NOT NULL,
	"people" integer NOT NULL,
	"located" integer NOT NULL,
	"sum_lng" double precision NOT NULL,
	"sum_lat" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_summaries" (
	"village_code" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"extent" geometry(Geometry,4326)
);
--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "categories" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "category_tokens" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "disabilities" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "youngest_birth" date;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "oldest_birth" date;--> statement-breakpoint
CREATE INDEX "area_tallies_level_code_idx" ON "area_tallies" USING btree ("level","area_code");--> statement-breakpoint
CREATE INDEX "village_summaries_extent_gix" ON "village_summaries" USING gist ("extent");