-- Brands, paged in registration order by seq (keyset pagination).
CREATE TABLE brands (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  slug text NOT NULL CONSTRAINT brands_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  website text,
  created_at timestamptz NOT NULL DEFAULT now()
);
