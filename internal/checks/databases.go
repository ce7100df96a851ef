package checks

import (
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/deploycheck/deploycheck/internal/deployfiles"
	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
	"github.com/deploycheck/deploycheck/internal/secret"
)

// databasesChecklist returns deploycheck's own checks of this checklist
// topic, and those of the conn_max_age topic, which reads the same
// DATABASES entries.
func databasesChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.databases.literal-password", Topic: finding.TopicDatabases, Severity: finding.Error,
			Doc: `A database password is written in the settings.

A DATABASES entry's PASSWORD is a string from the settings' own text:
written directly, inside a database URL given to dj-database-url or
django-environ, or as the default of an environment read that the
environment does not override. Everyone who can read the repository, its
history, a backup or an image built from it then holds the password. When
no environment is given, a password that only applies while a variable is
unset is reported as conditional on that variable.

Fix: read the password (or the whole database URL) from the environment
or a secrets file, with no default in the settings, and change the
password, since it has already been shared with the code.`,
			Run: runDatabasePassword,
		},
		{
			ID: "dc.databases.sqlite", Topic: finding.TopicDatabases, Severity: finding.Info,
			Doc: `The production database is SQLite.

SQLite is a file, not a server: one writer at a time (other writers wait,
then fail with "database is locked"), no network access for a second
application server, and the data lives wherever the file does. In a
container that is the writable layer, thrown away when the container is
replaced, unless a volume holds the file. ATOMIC_REQUESTS makes every
request hold a transaction and lengthens the waits. An in-memory database
(":memory:") loses everything at each restart and is a warning.

Fix: for a site with concurrent writes or more than one server, use
PostgreSQL or MySQL; otherwise keep the file on persistent storage, back
it up, and make sure only the application can read it.`,
			Run: runDatabaseSQLite,
		},
		{
			ID: "dc.databases.no-tls", Topic: finding.TopicDatabases, Severity: finding.Warning,
			Doc: `A remote database is reached without requiring TLS.

For PostgreSQL (and PostGIS) backends the check reads OPTIONS['sslmode']
(or a PGSSLMODE variable set by the deployment files): missing, 'disable',
'allow' or 'prefer' let the password and every query cross the network in
clear text, or be downgraded to it by anyone on the path. For MySQL and
MariaDB it looks for OPTIONS['ssl'] or an 'ssl_mode' of REQUIRED,
VERIFY_CA or VERIFY_IDENTITY. Hosts on the same machine, on private
addresses, single-label names (docker compose or Kubernetes services) and
internal DNS suffixes (.internal, .local, .svc...) are not reported.

Fix: require TLS: OPTIONS {'sslmode': 'verify-full', 'sslrootcert': ...}
(or at least 'require'), ?sslmode=require in a database URL, or
dj_database_url.config(ssl_require=True); for MySQL OPTIONS {'ssl_mode':
'VERIFY_IDENTITY', 'ssl': {'ca': ...}}.`,
			Run: runDatabaseTLS,
		},
		{
			ID: "dc.conn_max_age.not-persistent", Topic: finding.TopicConnMaxAge, Severity: finding.Info,
			Doc: `Each request opens a new connection to a network database.

CONN_MAX_AGE is 0 (Django's default) for a PostgreSQL, MySQL, Oracle or
SQL Server database, so every request pays for a TCP (and TLS)
handshake and authentication before its first query. Under ASGI,
persistent connections do not help; there the check suggests PostgreSQL's
connection pool (Django 5.1+) instead, and says nothing for other
databases. An alias that already uses OPTIONS['pool'] is not reported.

Fix: set CONN_MAX_AGE to a number of seconds (60 to 600 is common) and,
on Django 4.1+, CONN_HEALTH_CHECKS = True so that a connection broken by
a database restart is replaced instead of failing a request.`,
			Run: runConnNotPersistent,
		},
		{
			ID: "dc.conn_max_age.unlimited", Topic: finding.TopicConnMaxAge, Severity: finding.Warning,
			Doc: `Connections are kept forever without health checks.

CONN_MAX_AGE = None keeps each worker's database connection open for the
worker's whole life. Without CONN_HEALTH_CHECKS (Django 4.1+) a connection
that the database closed (a restart, a failover, an idle timeout in a
proxy) is only noticed when a request fails on it, and every worker
fails once.

Fix: set CONN_HEALTH_CHECKS = True, or use a finite CONN_MAX_AGE (before
Django 4.1 that is the only remedy).`,
			Run: runConnUnlimited,
		},
		{
			ID: "dc.conn_max_age.pool-conflict", Topic: finding.TopicConnMaxAge, Severity: finding.Error,
			Doc: `A PostgreSQL connection pool is combined with persistent connections.

Django 5.1+ can pool PostgreSQL connections (OPTIONS['pool'] with
psycopg 3), but refuses a non-zero CONN_MAX_AGE next to it: the first
query raises ImproperlyConfigured ("Pooling doesn't support persistent
connections").

Fix: set CONN_MAX_AGE to 0 for that alias (the pool manages the
connections' lifetime), or drop the pool.`,
			Run: runConnPoolConflict,
		},
	}
}

// netReach says from where a server named in the settings can be reached.
type netReach int8

const (
	// reachLocal: the same machine (loopback, a Unix socket, no host).
	reachLocal netReach = iota
	// reachPrivate: a private network: private and link-local addresses,
	// single-label names (docker compose and Kubernetes services) and
	// internal DNS suffixes.
	reachPrivate
	// reachRemote: a DNS name that may resolve to any address.
	reachRemote
	// reachPublic: a literal public IP address.
	reachPublic
)

// privateSuffixes are DNS suffixes that only resolve inside a private
// network. ElastiCache endpoints only answer inside their VPC.
var privateSuffixes = []string{
	".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa",
	".svc", ".cluster.local", ".corp", ".private", ".cache.amazonaws.com",
}

// sharedAddressSpace is the carrier-grade NAT range (RFC 6598), used by
// overlay networks such as Tailscale.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// hostReach classifies a host name or address as the settings give it
// (an empty host and a path mean a Unix socket).
func hostReach(host string) netReach {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	if h == "" || strings.HasPrefix(h, "/") || strings.HasPrefix(h, "unix:") || h == "localhost" ||
		h == "ip6-localhost" || strings.HasSuffix(h, ".localhost") {
		return reachLocal
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	if i := strings.IndexByte(h, '%'); i >= 0 {
		h = h[:i]
	}
	if a, err := netip.ParseAddr(h); err == nil {
		a = a.Unmap()
		switch {
		case a.IsLoopback() || a.IsUnspecified():
			return reachLocal
		case a.IsPrivate() || a.IsLinkLocalUnicast() || sharedAddressSpace.Contains(a):
			return reachPrivate
		}
		return reachPublic
	}
	if !strings.Contains(h, ".") {
		return reachPrivate
	}
	for _, s := range privateSuffixes {
		if strings.HasSuffix(h, s) {
			return reachPrivate
		}
	}
	return reachRemote
}

// envOf lists the environment variables that the values depend on (with
// repeats; Report removes them).
func envOf(vals ...pyvalue.Value) []string {
	var out []string
	for _, v := range vals {
		out = append(out, v.Env()...)
	}
	return out
}

// fromSettingsText tells whether a value comes from the settings' own
// text rather than from the environment given: none of the variables it
// depends on was set, so whatever default the settings wrote applies.
// Without an environment every value counts, and the finding that uses it
// is conditional on those variables.
func (p *Pass) fromSettingsText(v pyvalue.Value) bool {
	for _, name := range v.Env() {
		for _, r := range p.Settings.EnvReads {
			if r.Name == name && r.Found {
				return false
			}
		}
	}
	return !v.IsRandom()
}

// dbAlias is one entry of DATABASES whose ENGINE is known.
type dbAlias struct {
	name    string
	conf    pyvalue.Value
	engine  string
	engineV pyvalue.Value
	// family is "sqlite", "postgresql", "mysql", "oracle", "mssql" or "".
	family string
}

// databaseAliases returns the DATABASES entries that are dicts with a
// str ENGINE; the others cannot be judged.
func (p *Pass) databaseAliases() []dbAlias {
	keys, vals, ok := dictItems(p.Setting("DATABASES"))
	if !ok {
		return nil
	}
	var out []dbAlias
	for i, k := range keys {
		name, ok := k.AsStr()
		if !ok || vals[i].Kind() != pyvalue.KindDict {
			continue
		}
		eng, found := dictGet(vals[i], "ENGINE")
		if found != yes {
			continue
		}
		engine, ok := eng.AsStr()
		if !ok {
			continue
		}
		out = append(out, dbAlias{name: name, conf: vals[i], engine: engine, engineV: eng, family: dbFamily(engine)})
	}
	return out
}

// dbFamily names the database a backend module talks to, Django's own or
// a wrapper of it (django-prometheus, PostGIS, django-tenants...).
func dbFamily(engine string) string {
	e := strings.ToLower(engine)
	switch {
	case strings.Contains(e, "sqlite") || strings.Contains(e, "spatialite"):
		return "sqlite"
	case strings.Contains(e, "postgres") || strings.Contains(e, "postgis") || strings.Contains(e, "cockroach"):
		return "postgresql"
	case strings.Contains(e, "mysql"):
		return "mysql"
	case strings.Contains(e, "oracle"):
		return "oracle"
	case strings.Contains(e, "mssql") || strings.Contains(e, "sql_server"):
		return "mssql"
	}
	return ""
}

// networked tells whether the alias talks to a database server.
func (a dbAlias) networked() bool {
	switch a.family {
	case "postgresql", "mysql", "oracle", "mssql":
		return true
	}
	return false
}

// label renders DATABASES['alias'].
func (a dbAlias) label() string { return "DATABASES[" + quote(a.name) + "]" }

// key returns a str entry of the alias (ok false when it is absent or not
// a known str); v is the value read, for its environment.
func (a dbAlias) key(name string) (s string, v pyvalue.Value, found tri) {
	v, found = dictGet(a.conf, name)
	if found != yes {
		return "", v, found
	}
	s, ok := v.AsStr()
	if !ok {
		return "", v, unknown
	}
	return s, v, yes
}

// options returns the alias's OPTIONS dict; found is no when absent and
// unknown when it cannot be read.
func (a dbAlias) options() (pyvalue.Value, tri) {
	v, found := dictGet(a.conf, "OPTIONS")
	if found == yes && v.Kind() != pyvalue.KindDict {
		return v, unknown
	}
	return v, found
}

func runDatabasePassword(p *Pass) {
	for _, a := range p.databaseAliases() {
		if a.family == "sqlite" {
			continue
		}
		pw, v, found := a.key("PASSWORD")
		if found != yes || pw == "" || !p.fromSettingsText(v) {
			continue
		}
		p.reportRedacting(finding.Finding{
			Setting: "DATABASES",
			Message: fmt.Sprintf("%s['PASSWORD'] comes from the settings' own text (%s): whoever can read the code, "+
				"its history or an image built from it has the database password.", a.label(), secret.Redact(pw)),
			Hint: "Read the password or the whole database URL from the environment or a secrets file with no default " +
				"(os.environ['DB_PASSWORD'], env.db('DATABASE_URL')), and change the password, which is already shared.",
			Env: envOf(v),
		})
	}
}

func runDatabaseSQLite(p *Pass) {
	for _, a := range p.databaseAliases() {
		if a.family != "sqlite" {
			continue
		}
		nameV, _ := dictGet(a.conf, "NAME")
		name, _ := pathText(nameV) // the engine decides; an unknown NAME only hides the in-memory case
		if name == ":memory:" || strings.HasPrefix(name, "file::memory:") || strings.Contains(name, "mode=memory") {
			p.reportRedacting(finding.Finding{
				Setting:  "DATABASES",
				Severity: finding.Warning,
				Message:  fmt.Sprintf("%s is an in-memory SQLite database: every restart of every worker starts empty.", a.label()),
				Hint:     "Use a database file on persistent storage, or a database server.",
				Env:      envOf(nameV, a.engineV),
			})
			continue
		}
		var why []string
		why = append(why, "one writer at a time (other writers wait, then fail with \"database is locked\")")
		if p.Project != nil && (len(p.Project.Dockerfiles) > 0 || len(p.Project.Compose) > 0 || len(p.Project.Kubernetes) > 0) {
			why = append(why, "the file is on the container's disk, lost when the container is replaced unless a volume holds it")
		} else {
			why = append(why, "the file sits on one machine's disk, out of reach of a second application server")
		}
		atomic, found := dictGet(a.conf, "ATOMIC_REQUESTS")
		env := envOf(nameV, a.engineV)
		if found == yes && isTrue(atomic) == yes {
			why = append(why, "and ATOMIC_REQUESTS makes every request hold a transaction while it runs")
			env = append(env, envOf(atomic)...)
		}
		p.reportRedacting(finding.Finding{
			Setting: "DATABASES",
			Message: fmt.Sprintf("%s uses SQLite: %s.", a.label(), strings.Join(why, "; ")),
			Hint: "For concurrent writes or several servers use PostgreSQL or MySQL; otherwise keep the file on persistent, " +
				"backed-up storage readable only by the application.",
			Env: env,
		})
	}
}

// Postgres sslmode values that require TLS, and those that do not.
var (
	pgSafeModes   = map[string]bool{"require": true, "verify-ca": true, "verify-full": true}
	pgUnsafeModes = map[string]bool{"disable": true, "allow": true, "prefer": true}
)

func runDatabaseTLS(p *Pass) {
	for _, a := range p.databaseAliases() {
		if a.family != "postgresql" && a.family != "mysql" {
			continue
		}
		host, hostV, found := a.key("HOST")
		if found == unknown || hostReach(host) < reachRemote {
			continue
		}
		opts, found := a.options()
		if found == unknown {
			continue
		}
		has := found == yes
		var state string // what the settings say about TLS
		var env []string
		env = append(env, envOf(hostV, opts, a.engineV)...)
		switch a.family {
		case "postgresql":
			mode, modeV, f := dbOption(opts, has, "sslmode")
			if f == unknown {
				continue
			}
			if f == no {
				if _, f := dictGetIf(opts, has, "service"); f != no {
					continue // pg_service.conf may set it
				}
				deploy, known := p.deploySSLMode()
				if !known || pgSafeModes[deploy] {
					continue
				}
				state = "OPTIONS has no 'sslmode', so libpq's default 'prefer' applies"
				if deploy != "" {
					state = "PGSSLMODE is " + quote(deploy)
				}
				break
			}
			env = append(env, envOf(modeV)...)
			if !pgUnsafeModes[strings.ToLower(mode)] {
				continue
			}
			state = "OPTIONS['sslmode'] is " + quote(mode)
		case "mysql":
			if _, f := dictGetIf(opts, has, "read_default_file"); f != no {
				continue // an option file may configure TLS
			}
			sslV, f := dictGetIf(opts, has, "ssl")
			if f == unknown {
				continue
			}
			if f == yes {
				t := truthy(sslV)
				if t != no {
					continue
				}
			}
			mode, modeV, f := dbOption(opts, has, "ssl_mode")
			if f == unknown {
				continue
			}
			if f == yes {
				env = append(env, envOf(modeV)...)
				switch strings.ToUpper(mode) {
				case "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY":
					continue
				case "DISABLED", "PREFERRED":
					state = "OPTIONS['ssl_mode'] is " + quote(mode)
				default:
					continue
				}
			} else {
				state = "OPTIONS sets neither 'ssl' nor 'ssl_mode'"
			}
		}
		where := "the remote host"
		if hostReach(host) == reachPublic {
			where = "the public address"
		}
		hint := "Require TLS: OPTIONS {'sslmode': 'verify-full', 'sslrootcert': '<CA file>'} (at least 'require'), " +
			"?sslmode=require in the database URL, or dj_database_url.config(ssl_require=True)."
		if a.family == "mysql" {
			hint = "Require TLS: OPTIONS {'ssl_mode': 'VERIFY_IDENTITY', 'ssl': {'ca': '<CA file>'}} (at least 'REQUIRED')."
		}
		p.reportRedacting(finding.Finding{
			Setting: "DATABASES",
			Message: fmt.Sprintf("%s connects to %s %s without requiring TLS (%s): the password and the data can cross "+
				"the network in clear text.", a.label(), where, quote(host), state),
			Hint: hint,
			Env:  env,
		})
	}
}

// dictGetIf is dictGet on a dict that may be absent (has false).
func dictGetIf(d pyvalue.Value, has bool, key string) (pyvalue.Value, tri) {
	if !has {
		return pyvalue.Value{}, no
	}
	return dictGet(d, key)
}

// dbOption returns a str entry of an OPTIONS dict that may be absent.
func dbOption(opts pyvalue.Value, has bool, key string) (string, pyvalue.Value, tri) {
	v, found := dictGetIf(opts, has, key)
	if found != yes {
		return "", v, found
	}
	s, ok := v.AsStr()
	if !ok {
		return "", v, unknown
	}
	return s, v, yes
}

// deploySSLMode returns the PGSSLMODE that the environment given or the
// deployment files set ("" when none does); known is false when a
// deployment file takes it from elsewhere.
func (p *Pass) deploySSLMode() (mode string, known bool) {
	if v, ok := p.Settings.Environ["PGSSLMODE"]; ok {
		return strings.ToLower(v), true
	}
	if p.Project == nil {
		return "", true
	}
	for _, e := range p.Project.DeployEnv {
		if e.Name != "PGSSLMODE" {
			continue
		}
		if e.From != "" {
			return "", false
		}
		return strings.ToLower(e.Value), true
	}
	return "", true
}

// connSettings reads an alias's CONN_MAX_AGE (0 when absent) and
// CONN_HEALTH_CHECKS (False when absent, and before Django 4.1).
func (p *Pass) connSettings(a dbAlias) (maxAge, health pyvalue.Value, ok bool) {
	maxAge, found := dictGet(a.conf, "CONN_MAX_AGE")
	switch found {
	case unknown:
		return maxAge, health, false
	case no:
		maxAge = pyvalue.Int(0)
	}
	if maxAge.IsUnknown() {
		return maxAge, health, false
	}
	health = pyvalue.False
	if p.version().AtLeast(4, 1) {
		h, found := dictGet(a.conf, "CONN_HEALTH_CHECKS")
		switch {
		case found == unknown || h.IsUnknown():
			return maxAge, health, false
		case found == yes:
			health = h
		}
	}
	return maxAge, health, true
}

// pooled tells whether an alias uses Django's PostgreSQL pool.
func (p *Pass) pooled(a dbAlias) tri {
	if a.family != "postgresql" || !p.version().AtLeast(5, 1) {
		return no
	}
	opts, found := a.options()
	if found != yes {
		return found
	}
	v, found := dictGet(opts, "pool")
	if found != yes {
		return found
	}
	return truthy(v)
}

// isZero tells whether an int value is 0 (a bool counts, as in Python).
func isZero(v pyvalue.Value) tri {
	if v.IsNone() {
		return no
	}
	n, ok := v.AsInt()
	if !ok {
		return unknown
	}
	return triOf(n == 0, true)
}

func runConnNotPersistent(p *Pass) {
	asgi := p.servedOverASGI()
	for _, a := range p.databaseAliases() {
		if !a.networked() || p.pooled(a) != no {
			continue
		}
		maxAge, health, ok := p.connSettings(a)
		if !ok || isZero(maxAge) != yes {
			continue
		}
		if asgi {
			if a.family != "postgresql" || !p.version().AtLeast(5, 1) {
				continue
			}
			p.reportRedacting(finding.Finding{
				Setting: "DATABASES",
				Message: fmt.Sprintf("%s opens a new connection for every request, and the project is served over ASGI, "+
					"where persistent connections (CONN_MAX_AGE) do not help.", a.label()),
				Hint: "Use Django's PostgreSQL connection pool: OPTIONS {'pool': True} (needs psycopg[pool]), keeping CONN_MAX_AGE at 0.",
				Env:  envOf(maxAge, a.engineV),
			})
			continue
		}
		msg := fmt.Sprintf("%s has CONN_MAX_AGE 0, so every request connects (and authenticates) to the database anew.", a.label())
		hint := "Set CONN_MAX_AGE to a number of seconds (60 to 600 is common)"
		if p.version().AtLeast(4, 1) {
			if isTrue(health) == yes {
				msg += " CONN_HEALTH_CHECKS is already on, but only matters once connections persist."
				hint += "; CONN_HEALTH_CHECKS is already on."
			} else {
				hint += " together with CONN_HEALTH_CHECKS = True."
			}
		} else {
			hint += "."
		}
		p.reportRedacting(finding.Finding{Setting: "DATABASES", Message: msg, Hint: hint, Env: envOf(maxAge, health, a.engineV)})
	}
}

func runConnUnlimited(p *Pass) {
	for _, a := range p.databaseAliases() {
		if !a.networked() || p.pooled(a) == yes {
			continue
		}
		maxAge, health, ok := p.connSettings(a)
		if !ok || !maxAge.IsNone() || isTrue(health) == yes {
			continue
		}
		hint := "Set CONN_HEALTH_CHECKS = True, or give CONN_MAX_AGE a number of seconds."
		if !p.version().AtLeast(4, 1) {
			hint = "Give CONN_MAX_AGE a number of seconds (Django 4.1+ adds CONN_HEALTH_CHECKS, which makes unlimited reuse safe)."
		}
		p.reportRedacting(finding.Finding{
			Setting: "DATABASES",
			Message: fmt.Sprintf("%s keeps connections open forever (CONN_MAX_AGE None) without health checks: after a "+
				"database restart or failover each worker fails a request on its dead connection.", a.label()),
			Hint: hint,
			Env:  envOf(maxAge, health, a.engineV),
		})
	}
}

func runConnPoolConflict(p *Pass) {
	for _, a := range p.databaseAliases() {
		if p.pooled(a) != yes {
			continue
		}
		maxAge, _, ok := p.connSettings(a)
		if !ok || isZero(maxAge) != no {
			continue
		}
		shown := "None"
		if n, ok := maxAge.AsInt(); ok {
			shown = fmt.Sprint(n)
		}
		opts, _ := a.options()
		p.reportRedacting(finding.Finding{
			Setting: "DATABASES",
			Message: fmt.Sprintf("%s uses OPTIONS['pool'] with CONN_MAX_AGE %s: Django refuses the combination "+
				"and the first query fails with ImproperlyConfigured.", a.label(), shown),
			Hint: "Set CONN_MAX_AGE to 0 for this alias; the pool decides how long connections live.",
			Env:  envOf(maxAge, opts, a.engineV),
		})
	}
}

// asgiWords are the ASGI servers that deployment commands start.
var asgiWords = map[string]bool{"uvicorn": true, "daphne": true, "hypercorn": true}

// asgiModule matches an ASGI application module given to a server.
var asgiModule = regexp.MustCompile(`\.asgi(:|$)`)

// servedOverASGI tells whether a deployment file starts the project with
// an ASGI server (uvicorn, daphne, hypercorn, gunicorn with uvicorn's
// worker, or any server pointed at an asgi module).
func (p *Pass) servedOverASGI() bool {
	if p.Project == nil {
		return false
	}
	var cmds []*deployfiles.Command
	for _, d := range p.Project.Dockerfiles {
		if rt := d.Runtime(""); rt != nil {
			cmds = append(cmds, rt.Cmd, rt.Entrypoint)
		}
	}
	for _, c := range p.Project.Compose {
		for _, s := range c.Services {
			cmds = append(cmds, s.Command, s.Entrypoint)
		}
	}
	for _, pf := range p.Project.Procfiles {
		for i := range pf.Processes {
			cmds = append(cmds, &pf.Processes[i].Command)
		}
	}
	for _, u := range p.Project.Units {
		for i := range u.ExecStart {
			cmds = append(cmds, &u.ExecStart[i])
		}
	}
	for _, c := range cmds {
		if c == nil {
			continue
		}
		for _, w := range c.Args() {
			if asgiWords[path.Base(w)] || strings.Contains(w, "UvicornWorker") || asgiModule.MatchString(w) {
				return true
			}
		}
	}
	return false
}

// reportRedacting is Report for findings whose variables may hold
// credentials: when the finding is conditional it writes the trigger
// itself (as the audit would), redacting written defaults of
// secret-named variables and the password of any URL default
// (postgres://user:PASSWORD@host), whatever the variable's name.
func (p *Pass) reportRedacting(f finding.Finding) {
	if p.Settings.EnvGiven || f.Trigger != "" {
		p.Report(f)
		return
	}
	seen := map[string]bool{}
	var names []string
	add := func(list []string) {
		for _, n := range list {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	for _, n := range p.read {
		if st := p.Settings.Get(n); st != nil {
			add(st.Value.Env())
		}
	}
	add(f.Env)
	sort.Strings(names)
	if p.Settings.Decided(names) {
		p.Report(f)
		return
	}
	var parts []string
	for _, n := range names {
		if _, fixed := p.Settings.EnvFixed[n]; fixed {
			continue // decided by a deployment file; the audit says where
		}
		part := n + " unset"
		for _, r := range p.Settings.EnvReads {
			if r.Name != n {
				continue
			}
			if r.HasDefault {
				shown := secret.Quoted(n, r.Default)
				part = fmt.Sprintf("%s unset, so the default %s applies", n, shown)
			}
			break
		}
		parts = append(parts, part)
	}
	f.Trigger = strings.Join(parts, "; ")
	p.Report(f)
}
