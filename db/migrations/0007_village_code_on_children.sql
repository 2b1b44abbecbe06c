ALTER TABLE "household_categories" ADD COLUMN "village_code" text;--> statement-breakpoint
ALTER TABLE "member_categories" ADD COLUMN "village_code" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "village_code" text;