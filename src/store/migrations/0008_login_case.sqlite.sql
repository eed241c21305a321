-- planwatch schema v8: logins are case-insensitive — stored in lower case, looked up by the lower-cased
-- form the service passes. Two existing logins that differ only in case stop the upgrade (nothing is
-- changed; one must be renamed first) rather than one user silently taking over the other's login.
CREATE TABLE login_case_check (login TEXT);
CREATE TRIGGER login_case_check_refuse BEFORE INSERT ON login_case_check
BEGIN
  SELECT RAISE(ABORT, 'logins that differ only in case (SELECT lower(login) FROM users GROUP BY 1 HAVING COUNT(*) > 1): rename all but one of each, then start again');
END;
INSERT INTO login_case_check SELECT lower(login) FROM users GROUP BY lower(login) HAVING COUNT(*) > 1;
DROP TABLE login_case_check;

UPDATE users SET login = lower(login) WHERE login <> lower(login);

-- RAISE(ABORT) reports SQLITE_CONSTRAINT_TRIGGER, which the store maps to "conflict".
CREATE TRIGGER users_login_lower_insert BEFORE INSERT ON users
WHEN NEW.login <> lower(NEW.login)
BEGIN
  SELECT RAISE(ABORT, 'logins are stored in lower case');
END;

CREATE TRIGGER users_login_lower_update BEFORE UPDATE OF login ON users
WHEN NEW.login <> lower(NEW.login)
BEGIN
  SELECT RAISE(ABORT, 'logins are stored in lower case');
END;
