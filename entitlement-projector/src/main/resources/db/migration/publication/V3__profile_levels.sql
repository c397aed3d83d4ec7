-- The public topics publish a holder's birth year, sex, hukou and jurisdiction generalised along one chain of levels
-- (docs/statistics.md), so that every published combination is shared by at least k holders. The level of each
-- tuple of exact values is decided once, when a class of k can take it, and never changed; until then (level NULL)
-- its holders' messages wait.
CREATE TABLE profile_level (
    birth_year   INT     NOT NULL,
    male         BOOLEAN NOT NULL,
    hukou        TEXT    NOT NULL,
    jurisdiction TEXT    NOT NULL,
    level        INT,
    first_seen   DATE    NOT NULL,
    decided_on   DATE,
    PRIMARY KEY (birth_year, male, hukou, jurisdiction)
);

-- The jurisdiction a holder's class was decided with, fixed at its first publication: a holder stays in its class
-- (classes only grow), and a jurisdiction it names later is withheld (with the class's, it would single it out).
ALTER TABLE holder_publication ADD COLUMN profile_jurisdiction TEXT;
