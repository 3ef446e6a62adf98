-- 0009_profile_photo.sql — a person's profile photo: a document of record type
-- 'profile' (readable by every signed-in user, written by its owner).
ALTER TABLE users ADD COLUMN photo_document_id TEXT;
