-- planwatch schema v8: logins are case-insensitive — stored in lower case, looked up by the lower-cased
-- form the service passes. Two existing logins that differ only in case stop the upgrade (nothing is
-- changed; one must be renamed first) rather than one user silently taking over the other's login.
DO $$
DECLARE
  dup TEXT;
BEGIN
  SELECT lower(login) INTO dup FROM users GROUP BY lower(login) HAVING COUNT(*) > 1 ORDER BY 1 LIMIT 1;
  IF dup IS NOT NULL THEN
    RAISE EXCEPTION 'logins that differ only in case (e.g. %): rename all but one of each, then start again', dup;
  END IF;
END
$$;

UPDATE users SET login = lower(login) WHERE login <> lower(login);

-- planwatch_refuse (0002) raises restrict_violation, which the store maps to "conflict".
CREATE TRIGGER users_login_lower BEFORE INSERT OR UPDATE OF login ON users
FOR EACH ROW WHEN (NEW.login <> lower(NEW.login))
EXECUTE FUNCTION planwatch_refuse('logins are stored in lower case');
