ALTER TABLE "households" ADD COLUMN "map_row" integer;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "map_col" integer;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_map_cell_check" CHECK (("households"."map_row" is null and "households"."map_col" is null) or ("households"."map_row" >= 1 and "households"."map_col" >= 1));