CREATE TYPE "public"."area_level" AS ENUM('province', 'city', 'county', 'township', 'village');--> statement-breakpoint
CREATE TYPE "public"."category_scope" AS ENUM('household', 'member');--> statement-breakpoint
CREATE TYPE "public"."disability_type" AS ENUM('visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple');--> statement-breakpoint
CREATE TYPE "public"."household_status" AS ENUM('active', 'moved_out', 'unlinked');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('male', 'female');--> statement-breakpoint
CREATE TABLE "areas" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" "area_level" NOT NULL,
	"parent_code" text,
	"boundary" geometry(MultiPolygon,4326),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "areas_code_12_digits" CHECK ("areas"."code" ~ '^[0-9]{12}$')
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"code" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"colour" text NOT NULL,
	"scope" "category_scope" NOT NULL,
	"priority" integer NOT NULL,
	"per_year" boolean DEFAULT false NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"station_code" text,
	CONSTRAINT "categories_colour_hex" CHECK ("categories"."colour" ~ '^#[0-9a-fA-F]{6}$'),
	CONSTRAINT "categories_code_format" CHECK ("categories"."code" ~ '^[a-z][a-z0-9_]{1,39}$')
);
--> statement-breakpoint
CREATE TABLE "household_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_code" text NOT NULL,
	"year" smallint,
	"valid_from" date,
	"valid_to" date,
	"source" text DEFAULT 'manual' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"household_id" uuid NOT NULL,
	CONSTRAINT "household_categories_unique" UNIQUE NULLS NOT DISTINCT("household_id","category_code","year")
);
--> statement-breakpoint
CREATE TABLE "households" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"village_code" text NOT NULL,
	"group_number" smallint,
	"huhao" text NOT NULL,
	"door_number" text,
	"location" geometry(Point,4326),
	"footprint" geometry(Polygon,4326),
	"housing" text,
	"living" text,
	"notes" text,
	"status" "household_status" DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_village_huhao_key" UNIQUE("village_code","huhao")
);
--> statement-breakpoint
CREATE TABLE "member_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category_code" text NOT NULL,
	"year" smallint,
	"valid_from" date,
	"valid_to" date,
	"source" text DEFAULT 'manual' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"member_id" uuid NOT NULL,
	"disability_type" "disability_type",
	"disability_grade" smallint,
	CONSTRAINT "member_categories_unique" UNIQUE NULLS NOT DISTINCT("member_id","category_code","year"),
	CONSTRAINT "member_categories_grade_range" CHECK ("member_categories"."disability_grade" is null or "member_categories"."disability_grade" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"household_id" uuid NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"relation" text,
	"sex" "sex",
	"birth_date" date,
	"ethnicity" text,
	"married_out" boolean DEFAULT false NOT NULL,
	"health" text,
	"schooling" text,
	"work" text,
	"disability_text" text,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "village_groups" (
	"village_code" text NOT NULL,
	"number" smallint NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "village_groups_village_code_number_pk" PRIMARY KEY("village_code","number"),
	CONSTRAINT "village_groups_number_range" CHECK ("village_groups"."number" between 0 and 999)
);
--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_parent_code_areas_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."areas"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "categories" ADD CONSTRAINT "categories_station_code_areas_code_fk" FOREIGN KEY ("station_code") REFERENCES "public"."areas"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_categories" ADD CONSTRAINT "household_categories_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "household_categories" ADD CONSTRAINT "household_categories_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_code_areas_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."areas"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_village_code_group_number_village_groups_village_code_number_fk" FOREIGN KEY ("village_code","group_number") REFERENCES "public"."village_groups"("village_code","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_categories" ADD CONSTRAINT "member_categories_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_categories" ADD CONSTRAINT "member_categories_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_household_id_households_id_fk" FOREIGN KEY ("household_id") REFERENCES "public"."households"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "village_groups" ADD CONSTRAINT "village_groups_village_code_areas_code_fk" FOREIGN KEY ("village_code") REFERENCES "public"."areas"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "areas_parent_idx" ON "areas" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "areas_boundary_gix" ON "areas" USING gist ("boundary");--> statement-breakpoint
CREATE INDEX "household_categories_code_idx" ON "household_categories" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "households_location_gix" ON "households" USING gist ("location");--> statement-breakpoint
CREATE INDEX "households_village_group_idx" ON "households" USING btree ("village_code","group_number");--> statement-breakpoint
CREATE INDEX "member_categories_code_idx" ON "member_categories" USING btree ("category_code");--> statement-breakpoint
CREATE INDEX "members_household_idx" ON "members" USING btree ("household_id","position");