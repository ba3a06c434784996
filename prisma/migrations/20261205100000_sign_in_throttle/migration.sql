-- Sign-in throttling by account and address, by address, and by account; counted before the
-- password is checked, so that parallel attempts cannot slip past the limit.
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastAt" DATETIME NOT NULL,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "unknownAccountFailures" INTEGER NOT NULL DEFAULT 0
);
