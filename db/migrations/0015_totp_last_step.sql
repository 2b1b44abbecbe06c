-- A TOTP code is good once (RFC 6238 §5.2): the last time step that signed in, per user.
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;