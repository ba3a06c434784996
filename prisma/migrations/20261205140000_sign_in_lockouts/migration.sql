-- Growing delays for one account from one address: each lockout in a row lasts twice the one before.
ALTER TABLE "SignInThrottle" ADD COLUMN "lockouts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "SignInThrottle" ADD COLUMN "lockedUntil" DATETIME;
