-- The language an account's pages and mail are in: the one it signed up in (the page's, or
-- the JSON API's Accept-Language), changed by the language switch. A BCP 47 tag: `en`, `ko`.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
