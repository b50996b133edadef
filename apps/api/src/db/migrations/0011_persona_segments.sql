-- Persona segmentation columns (docs/cohorts-and-populations.md): generated from seed_extras and profile,
-- so existing rows are backfilled by the ALTER itself (one table rewrite for all columns) and every later
-- write fills them. Languages are lower-cased and trimmed for case-insensitive "speaks any of" (&&).
CREATE OR REPLACE FUNCTION person_run_lower_texts(value jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(lower(btrim(v)) ORDER BY n), '{}'::text[])
  FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(value) = 'array' THEN value ELSE '[]'::jsonb END) WITH ORDINALITY AS e(v, n)
$$;--> statement-breakpoint
ALTER TABLE "personas"
  ADD COLUMN "gender" text GENERATED ALWAYS AS ((seed_extras->>'gender')) STORED,
  ADD COLUMN "education" text GENERATED ALWAYS AS ((seed_extras->>'education')) STORED,
  ADD COLUMN "income_bracket" text GENERATED ALWAYS AS ((seed_extras->>'incomeBracket')) STORED,
  ADD COLUMN "languages" text[] GENERATED ALWAYS AS (person_run_lower_texts(seed_extras->'languages')) STORED,
  ADD COLUMN "openness" real GENERATED ALWAYS AS (case when profile is null then null else coalesce((seed_extras->'personality'->>'openness')::real, (profile->'personality'->>'openness')::real) end) STORED,
  ADD COLUMN "conscientiousness" real GENERATED ALWAYS AS (case when profile is null then null else coalesce((seed_extras->'personality'->>'conscientiousness')::real, (profile->'personality'->>'conscientiousness')::real) end) STORED,
  ADD COLUMN "extraversion" real GENERATED ALWAYS AS (case when profile is null then null else coalesce((seed_extras->'personality'->>'extraversion')::real, (profile->'personality'->>'extraversion')::real) end) STORED,
  ADD COLUMN "agreeableness" real GENERATED ALWAYS AS (case when profile is null then null else coalesce((seed_extras->'personality'->>'agreeableness')::real, (profile->'personality'->>'agreeableness')::real) end) STORED,
  ADD COLUMN "neuroticism" real GENERATED ALWAYS AS (case when profile is null then null else coalesce((seed_extras->'personality'->>'neuroticism')::real, (profile->'personality'->>'neuroticism')::real) end) STORED;--> statement-breakpoint
CREATE INDEX "personas_attributes_idx" ON "personas" USING gin ("attributes" jsonb_path_ops);
