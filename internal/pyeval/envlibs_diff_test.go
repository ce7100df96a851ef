package pyeval

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// envDiffCase is one settings snippet evaluated by pyeval and by the real
// libraries under the same environment.
type envDiffCase struct {
	name     string
	settings string
	env      map[string]string
	files    map[string]string
	// errClassOnly compares only the class of the exception that stops
	// the import, not its message.
	errClassOnly bool
}

var envDiffCases = []envDiffCase{
	// ---- django-environ: Env() and its casts ----
	{name: "environ scheme and call", settings: `
		import environ
		env = environ.Env(DEBUG=(bool, False), PORT=(int, 8000), HOSTS=(list, []), NAME=str)
		DEBUG = env('DEBUG')
		PORT = env('PORT')
		HOSTS = env('HOSTS')
		NAME = env('NAME')
		SECRET_KEY = env('SECRET_KEY')
		OTHER = env('OTHER', default='fallback')
		`, env: map[string]string{"SECRET_KEY": "s3cr3t", "DEBUG": "yes", "HOSTS": "a.com,b.com,,c.com", "NAME": "x"}},
	{name: "environ scheme defaults", settings: `
		import environ
		env = environ.Env(DEBUG=(bool, False), PORT=(int, 8000), HOSTS=(list, ['localhost']), RATIO=(float, 0.5))
		DEBUG = env('DEBUG')
		PORT = env('PORT')
		HOSTS = env('HOSTS')
		RATIO = env('RATIO')
		EXPLICIT = env('DEBUG', default=True)
		`, env: map[string]string{}},
	{name: "environ bool table", settings: `
		import environ
		env = environ.Env()
		B = [env.bool(k) for k in ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9', 'B10']]
		B_DEFAULT = env.bool('NOPE', default=False)
		B_DEFAULT_STR = env.bool('NOPE', default='false')
		`, env: map[string]string{"B1": "0", "B2": "off", "B3": "TRUE", "B4": " 1 ", "B5": "no", "B6": "2",
		"B7": "-1", "B8": "1.5", "B9": "Ok", "B10": ""}},
	{name: "environ int float str bytes", settings: `
		import environ
		env = environ.Env()
		I = env.int('I')
		F1 = env.float('F1')
		F2 = env.float('F2')
		F3 = env.float('F3')
		S = env.str('S')
		ML = env.str('ML', multiline=True)
		BY = env.bytes('S')
		PORT_STR_DEFAULT = env.int('NOPE', default='5432')
		PORT_INT_DEFAULT = env.int('NOPE', default=5432)
		`, env: map[string]string{"I": " 42 ", "F1": "1,234.5", "F2": "1.234,5", "F3": "EUR 3.50", "S": "hello",
		"ML": `line1\nline2\r\nline3`}},
	{name: "environ list tuple dict", settings: `
		import environ
		env = environ.Env()
		L = env.list('L')
		LI = env.list('LI', cast=int)
		T = env.tuple('T')
		TI = env.tuple('TI', cast=int)
		D = env.dict('D')
		DS = env.dict('DS', cast={'value': int, 'cast': {'flag': bool}})
		LD = env.list('NOPE', default=['x'])
		`, env: map[string]string{"L": "a,b,,c", "LI": "1,2,3", "T": "(a,b,c)", "TI": "(1,2)", "D": "a=1,b=x=y",
		"DS": "a=1;b=2;flag=on"}},
	{name: "environ json", settings: `
		import environ
		env = environ.Env()
		J = env.json('J')
		JD = env.json('NOPE', default={'k': 1})
		`, env: map[string]string{"J": `{"b": 1, "a": [1, 2.5, null, true], "c": {"z": "y"}}`}},
	{name: "environ url", settings: `
		import environ
		env = environ.Env()
		U = env.url('U')
		HOST = U.hostname
		PORT = U.port
		USER = U.username
		UD = env.url('NOPE', default='http://example.com/x;p?q=1')
		UN = env.url('NOPE', default=None)
		`, env: map[string]string{"U": "https://User:pw@Host.Example.com:8443/p/a?q=1&r=2#frag"}},
	{name: "environ smart cast", settings: `
		import environ
		env = environ.Env()
		A = env('A', default=5432)
		B = env('B', default=True)
		C = env('C', default=1.5)
		D = env('D', default=[])
		E = env('E', default=5)
		F = env('NOPE', default=None)
		G = env('G', default=None)
		H = env('H', default='x')
		`, env: map[string]string{"A": "6543", "B": "false", "C": "2,5", "D": "x,y", "G": ""}},
	{name: "environ smart cast off", settings: `
		import environ
		env = environ.Env()
		env.smart_cast = False
		A = env('A', default=5432)
		B = env('B', cast=int, default='7', parse_default=True)
		C = env('NOPE', cast=int, default='7', parse_default=True)
		`, env: map[string]string{"A": "6543", "B": "8"}},
	{name: "environ proxy and escape", settings: `
		import environ
		env = environ.Env()
		A = env('A')
		B = env.int('B')
		C = env('C')
		env.escape_proxy = True
		D = env('D')
		`, env: map[string]string{"A": "$TARGET", "TARGET": "value", "B": "$NUM", "NUM": "12", "C": "$$TARGET", "D": `\$notproxy`}},
	{name: "environ proxy default", settings: `
		import environ
		env = environ.Env()
		A = env('A', default='fallback')
		`, env: map[string]string{"A": "$MISSING"}},
	{name: "environ prefix", settings: `
		import environ
		env = environ.Env(APP_DEBUG=(bool, True))
		env.prefix = 'APP_'
		NAME = env('NAME')
		DEBUG = env('DEBUG')
		IN = 'APP_NAME' in env
		OUT = 'NAME' in env
		`, env: map[string]string{"APP_NAME": "demo"}},
	{name: "environ required missing", settings: `
		import environ
		env = environ.Env()
		SECRET_KEY = env('SECRET_KEY')
		`, env: map[string]string{}},
	{name: "environ required in try", settings: `
		import environ
		from django.core.exceptions import ImproperlyConfigured
		env = environ.Env()
		try:
		    SECRET_KEY = env('SECRET_KEY')
		except ImproperlyConfigured as e:
		    SECRET_KEY = 'fallback'
		    ERR = str(e)
		`, env: map[string]string{}},
	{name: "environ cast error", settings: `
		import environ
		env = environ.Env()
		PORT = env.int('PORT')
		`, env: map[string]string{"PORT": "http"}},

	// ---- django-environ: URL configurations ----
	{name: "environ db postgres", settings: `
		import environ
		env = environ.Env()
		DATABASES = {'default': env.db()}
		OTHER = env.db_url('OTHER_DB')
		`, env: map[string]string{
		"DATABASE_URL": "postgres://user:p%40ss%2Fw@db.example.com:5432/mydb?conn_max_age=600&sslmode=require&connect_timeout=10&autocommit=True",
		"OTHER_DB":     "postgresql://u@/dbname?host=/var/run/postgresql"}},
	{name: "environ db variants", settings: `
		import environ
		env = environ.Env()
		c = environ.Env.db_url_config
		SQLITE = c('sqlite:////var/db/app.sqlite3')
		SQLITE_REL = c('sqlite:///db.sqlite3')
		SQLITE_MEM = c('sqlite://:memory:')
		SQLITE_EMPTY = c('sqlite://')
		MYSQL = c('mysql://root:pw@localhost/app?charset=utf8mb4&init_command=SET sql_mode=STRICT_TRANS_TABLES')
		ORACLE = c('oracle://u:p@dbhost:1521/sid')
		ORACLE_TNS = c('oracle://u:p@/tnsname')
		CLUSTER = c('postgres://u:p@h1:5432,h2:5433,h3/db')
		SOCKET = c('postgres://%2Fvar%2Frun%2Fpostgresql/db')
		LDAP = c('ldap://cn=admin,dc=example,dc=org:pw@ldap.example.com:389')
		ENGINE = c('postgres://u:p@h/db', engine='django_prometheus.db.backends.postgresql')
		UNKNOWN = c('foo://x')
		NOPORT = c('postgres://u:p@h:abc/db')
		`, env: map[string]string{}},
	{name: "environ db default and schemes", settings: `
		import environ
		env = environ.Env()
		environ.Env.DB_SCHEMES['custom'] = 'my.backend'
		DATABASES = {'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3'), 'c': env.db_url('NOPE', default='custom://h/db')}
		NONE_DB = env.db('NOPE', default=None)
		`, env: map[string]string{}},
	{name: "environ cache", settings: `
		import environ
		env = environ.Env()
		c = environ.Env.cache_url_config
		CACHES = {'default': env.cache(), 'b': env.cache_url('CACHE_B')}
		MEMCACHE = c('memcache://h1:11211,h2:11211')
		PYMEMSOCK = c('pymemcache:///tmp/memcached.sock')
		FILE = c('filecache:///var/tmp/django_cache')
		LOCMEM = c('locmemcache://unique-snowflake')
		DB = c('dbcache://cache_table')
		DUMMY = c('dummycache://')
		REDISS = c('rediss://:pw@h1:6379/0,h2:6379/0')
		REDIS_SOCK = c('redis:///var/run/redis.sock?db=2')
		EMPTY = c('')
		BACKEND = c('redis://h', backend='django_redis.cache.RedisCache')
		`, env: map[string]string{"CACHE_URL": "rediscache://:secret@redis.example.com:6380/1?timeout=300&key_prefix=site&client_class=x.Client&max_entries=1000",
		"CACHE_B": "locmemcache://"}},
	{name: "environ cache bad scheme", settings: `
		import environ
		env = environ.Env()
		CACHES = {'default': env.cache()}
		`, env: map[string]string{"CACHE_URL": "nosuch://x"}},
	{name: "environ email", settings: `
		import environ
		env = environ.Env()
		c = environ.Env.email_url_config
		EMAIL = env.email()
		EMAIL_HOST = env.email_url('EMAIL_URL')['EMAIL_HOST']
		CONSOLE = c('consolemail://')
		SSL = c('smtp+ssl://u:p@mail.example.com:465?timeout=10')
		FILEMAIL = c('filemail:///tmp/mails')
		OPTS = c('smtp://h:25?EMAIL_USE_TLS=1&foo=bar')
		`, env: map[string]string{"EMAIL_URL": "smtp+tls://user%40example.com:p%20w@smtp.example.com:587"}},
	{name: "environ search", settings: `
		import environ
		env = environ.Env()
		c = environ.Env.search_url_config
		SEARCH = env.search_url()
		ES = c('elasticsearch7s://user:pw@es.example.com:9243/prefix/index?TIMEOUT=30&KWARGS=x&INCLUDE_SPELLING=true&BATCH_SIZE=100')
		SOLR = c('solr://localhost:8983/solr/core/')
		WHOOSH = c('whoosh:///var/whoosh?STORAGE=file&POST_LIMIT=128')
		XAPIAN = c('xapian:///var/xapian?FLAGS=x')
		SIMPLE = c('simple://')
		ENGINE = c('whoosh:///p', engine='my.Engine')
		`, env: map[string]string{"SEARCH_URL": "elasticsearch://localhost:9200/haystack"}},
	{name: "environ channels", settings: `
		import environ
		env = environ.Env()
		CHANNEL_LAYERS = {'default': env.channels()}
		IM = environ.Env.channels_url_config('inmemory://')
		`, env: map[string]string{"CHANNELS_URL": "redis+pubsub://:pw@redis:6379/2"}},
	{name: "environ parse_value", settings: `
		import environ
		p = environ.Env.parse_value
		A = p('1', bool)
		B = p('a,b', list)
		C = p('x', None)
		D = p('3', int)
		`, env: map[string]string{}},

	// ---- django-environ: read_env ----
	{name: "read_env explicit path", settings: `
		import os
		import environ
		BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
		env = environ.Env()
		environ.Env.read_env(os.path.join(BASE_DIR, '.env'))
		SECRET_KEY = env('SECRET_KEY')
		DEBUG = env.bool('DEBUG')
		KEPT = env('KEPT')
		QUOTED = env('QUOTED')
		DQ = env('DQ')
		ESC = env('ESC')
		EXPORTED = env('EXPORTED')
		HASH = env('HASH')
		EMPTY = env('EMPTY')
		SPACES = env('SPACES', default='none')
		ALLOWED_HOSTS = env.list('ALLOWED_HOSTS')
		`, env: map[string]string{"KEPT": "from-environment"},
		files: map[string]string{".env": "# comment\nSECRET_KEY=file-secret\nDEBUG=on\nKEPT=from-file\n" +
			"QUOTED='single quoted'\nDQ=\"a\\nb\\tc\\\"d\\\\e\\qf\"\nESC='\"inner\"'\nexport EXPORTED=yes\n" +
			"HASH=abc#def\nEMPTY=\nSPACES = x\nnot a line\nALLOWED_HOSTS=a.com,b.com\n"}},
	{name: "read_env default location", settings: `
		import environ
		environ.Env.read_env()
		env = environ.Env()
		A = env('A')
		B = env('B', default='unset')
		`, env: map[string]string{},
		files: map[string]string{"mysite/.env": "A=next to settings\n", ".env": "B=at the root\n"}},
	{name: "read_env missing file", settings: `
		import environ
		env = environ.Env()
		env.read_env('nonexistent-dir/.env')
		environ.Env.read_env('missing.env')
		environ.Env.read_env()
		A = env('A', default='default')
		`, env: map[string]string{}},
	{name: "read_env overrides and overwrite", settings: `
		import environ
		env = environ.Env()
		environ.Env.read_env('conf/app.env', overwrite=True, EXTRA='kw', FROM_FILE='kw loses', NUM=5)
		A = env('A')
		EXTRA = env('EXTRA')
		FROM_FILE = env('FROM_FILE')
		NUM = env.int('NUM')
		`, env: map[string]string{"A": "environment", "EXTRA": "env"},
		files: map[string]string{"conf/app.env": "A=file\nFROM_FILE=file wins\n"}},
	{name: "read_env parse_comments", settings: `
		import environ
		env = environ.Env()
		environ.Env.read_env('.env', parse_comments=True)
		A = env('A')
		B = env('B')
		C = env('C')
		D = env('D')
		`, env: map[string]string{},
		files: map[string]string{".env": "A=value # comment\nB='quoted # not comment' # comment\nC=\"dq\" # c\nD='it''s' # x's\n"}},
	{name: "read_env then decouple and os", settings: `
		import os
		import environ
		environ.Env.read_env(os.path.join(os.path.dirname(__file__), '..', '.env'))
		from decouple import config
		A = os.environ.get('A')
		B = config('B', cast=int)
		`, env: map[string]string{},
		files: map[string]string{".env": "A=1\nB=2\n"}},

	// ---- django-environ: Path and friends ----
	{name: "environ Path", settings: `
		import environ
		root = environ.Path(__file__) - 2
		BASE_DIR = root()
		STATIC_ROOT = root('static')
		MEDIA = root.path('media')
		MEDIA_STR = str(root.path('media'))
		PARENT = root - 1
		ROOT_ATTR = root.root
		ADDED = root + 'sub'
		TRIMMED = environ.Path('/srv/app/mysite') - 'mysite'
		IS_FILE = environ.Path(__file__, is_file=True)
		INSIDE = root.path('a') in root
		`, env: map[string]string{}},
	{name: "environ env.path", settings: `
		import environ
		env = environ.Env()
		LOG_DIR = env.path('LOG_DIR', default='/var/log/app')
		DATA = env.path('DATA')
		DATA_SUB = env.path('DATA')('x')
		`, env: map[string]string{"DATA": "/srv/data"}},
	{name: "environ FileAwareEnv", settings: `
		import environ
		env = environ.FileAwareEnv()
		SECRET_KEY = env('SECRET_KEY')
		PLAIN = env('PLAIN')
		`, env: map[string]string{"SECRET_KEY_FILE": "secrets/key.txt", "PLAIN": "p"},
		files: map[string]string{"secrets/key.txt": "from-file\n"}},
	{name: "environ NOTSET and contains", settings: `
		import environ
		env = environ.Env()
		A = env('A', default=environ.Env.NOTSET) if 'A' in env else 'absent'
		B = 'B' in env
		`, env: map[string]string{"A": "x"}},

	// ---- python-decouple ----
	{name: "decouple env file walk up", settings: `
		from decouple import config
		SECRET_KEY = config('SECRET_KEY')
		DEBUG = config('DEBUG', default=False, cast=bool)
		PORT = config('PORT', cast=int)
		QUOTED = config('QUOTED')
		DQ = config('DQ')
		SPACED = config('SPACED')
		EXPORTED = config('export EXPORTED', default='no')
		`, env: map[string]string{"PORT": "9000"},
		files: map[string]string{".env": "# comment\nSECRET_KEY = file-secret \nDEBUG=True\nPORT=8000\nQUOTED='a b'\n" +
			"DQ=\"c=d\"\n  SPACED  =  x y  \nexport EXPORTED=1\nnoequals\n"}},
	{name: "decouple settings.ini", settings: `
		from decouple import config
		SECRET_KEY = config('SECRET_KEY')
		DEBUG = config('DEBUG', cast=bool)
		URL = config('URL')
		MULTI = config('MULTI')
		SHARED = config('SHARED')
		PCT = config('PCT')
		`, env: map[string]string{},
		files: map[string]string{"mysite/settings.ini": "[DEFAULT]\nshared = from default\n\n[settings]\n" +
			"SECRET_KEY=ini-secret\ndebug: off\nhost = db\nURL = postgres://%(host)s/app\n" +
			"multi = first\n  second\n\n  third\n; comment\npct = 100%%\n"}},
	{name: "decouple precedence and defaults", settings: `
		from decouple import config
		FROM_ENV = config('A')
		FROM_FILE = config('B')
		FROM_DEFAULT = config('C', default='dflt')
		CAST_DEFAULT = config('D', default='8000', cast=int)
		BOOL_DEFAULT = config('E', default=True, cast=bool)
		BOOL_EMPTY = config('F', cast=bool)
		NONE_DEFAULT = config('G', default=None)
		`, env: map[string]string{"A": "env", "F": ""},
		files: map[string]string{".env": "A=file\nB=file\n"}},
	{name: "decouple bool values", settings: `
		from decouple import config
		B = [config(k, cast=bool) for k in ['B1', 'B2', 'B3', 'B4', 'B5', 'B6']]
		`, env: map[string]string{"B1": "y", "B2": "T", "B3": "off", "B4": "0", "B5": "On", "B6": "FALSE"}},
	{name: "decouple bool error", settings: `
		from decouple import config
		DEBUG = config('DEBUG', default=None, cast=bool)
		`, env: map[string]string{}},
	{name: "decouple bool invalid", settings: `
		from decouple import config
		DEBUG = config('DEBUG', cast=bool)
		`, env: map[string]string{"DEBUG": "maybe"}},
	{name: "decouple required missing", settings: `
		from decouple import config
		SECRET_KEY = config('SECRET_KEY')
		`, env: map[string]string{}},
	{name: "decouple Csv", settings: `
		from decouple import config, Csv
		A = config('A', cast=Csv())
		B = config('B', cast=Csv(int))
		C = config('C', cast=Csv(delimiter=';'))
		D = config('D', cast=Csv(post_process=tuple))
		E = config('E', cast=Csv(strip=' %*'))
		F = config('F', default='', cast=Csv())
		G = config('G', cast=Csv())
		H = config('H', default='a, b', cast=Csv())
		`, env: map[string]string{"A": `a.com, b.com ,"c,d", 'e f',g\,h`, "B": "1,2, 3", "C": "x; y;z",
		"D": "p,q", "E": "%a*, *b%", "G": "one # a comment, two"}},
	{name: "decouple Choices", settings: `
		from decouple import config, Choices
		ENV = config('ENV', default='dev', cast=Choices(['dev', 'prod']))
		LEVEL = config('LEVEL', cast=Choices(choices=[(1, 'low'), (2, 'high')], cast=int))
		`, env: map[string]string{"LEVEL": "2"}},
	{name: "decouple Choices invalid", settings: `
		from decouple import config, Choices
		ENV = config('ENV', cast=Choices(['dev', 'prod']))
		`, env: map[string]string{"ENV": "staging"}},
	{name: "decouple explicit repositories", settings: `
		import os
		from decouple import Config, RepositoryEnv, RepositoryIni, RepositoryEmpty, AutoConfig
		BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
		env_config = Config(RepositoryEnv(os.path.join(BASE_DIR, 'conf', 'prod.env')))
		ini_config = Config(RepositoryIni(os.path.join(BASE_DIR, 'conf', 'prod.ini')))
		empty = Config(RepositoryEmpty())
		auto = AutoConfig(search_path=os.path.join(BASE_DIR, 'conf'))
		A = env_config('A')
		B = ini_config('B')
		C = empty('C', default='c')
		D = auto('D')
		E = env_config.get('E', default='e')
		`, env: map[string]string{},
		files: map[string]string{"conf/prod.env": "A=from env file\n", "conf/prod.ini": "[settings]\nB=from ini\n",
			"conf/.env": "D=auto\n"}},
	{name: "decouple missing explicit file", settings: `
		from decouple import Config, RepositoryEnv
		c = Config(RepositoryEnv('missing.env'))
		`, env: map[string]string{}, errClassOnly: true},
	{name: "decouple cast dj_database_url", settings: `
		from decouple import config
		from dj_database_url import parse as db_url
		DATABASES = {'default': config('DATABASE_URL', default='sqlite:///db.sqlite3', cast=db_url)}
		OTHER = config('OTHER_URL', cast=db_url)
		`, env: map[string]string{"OTHER_URL": "mysql://u:p@h:3306/d"}},
	{name: "decouple ini missing section header", settings: `
		from decouple import config
		A = config('A', default='x')
		`, env: map[string]string{}, files: map[string]string{"settings.ini": "A=1\n"}, errClassOnly: true},
	{name: "decouple env overrides ini", settings: `
		from decouple import config, Csv
		ALLOWED_HOSTS = config('ALLOWED_HOSTS', cast=Csv())
		DEBUG = config('DEBUG', default=False, cast=bool)
		`, env: map[string]string{"DEBUG": "1"},
		files: map[string]string{"settings.ini": "[settings]\nALLOWED_HOSTS=a.com, b.com\nDEBUG=False\n"}},

	// ---- dj-database-url ----
	{name: "dj_database_url config", settings: `
		import dj_database_url
		DATABASES = {'default': dj_database_url.config(conn_max_age=600, conn_health_checks=True, ssl_require=True)}
		`, env: map[string]string{"DATABASE_URL": "postgres://user:p%23ss@db.example.com:5432/app?connect_timeout=10&target_session_attrs=read-write"}},
	{name: "dj_database_url unset", settings: `
		import dj_database_url
		DATABASES = {'default': dj_database_url.config()}
		`, env: map[string]string{}},
	{name: "dj_database_url empty", settings: `
		import dj_database_url
		DATABASES = {'default': dj_database_url.config()}
		`, env: map[string]string{"DATABASE_URL": ""}},
	{name: "dj_database_url default and env name", settings: `
		import dj_database_url
		DEFAULT = dj_database_url.config(default='sqlite:///db.sqlite3')
		NAMED = dj_database_url.config('REPLICA_URL', engine='django.contrib.gis.db.backends.postgis')
		MEMORY = dj_database_url.config(default='sqlite://:memory:')
		`, env: map[string]string{"REPLICA_URL": "postgresql://r@replica/db"}},
	{name: "dj_database_url schemes", settings: `
		import dj_database_url
		p = dj_database_url.parse
		MYSQL = p('mysql://u:p@h/db?ssl-ca=/etc/ca.pem&charset=utf8mb4&autocommit=true&x=1&x=2')
		SCHEMA = p('postgres://u:p@h/db?currentSchema=tenant&sslmode=require')
		ORACLE = p('oracle://u:p@h:1521/sid')
		ORACLE_NOPORT = p('oracle://u:p@h/sid')
		MSSQL = p('mssql://u:p@h/db')
		SQLITE = p('sqlite:///relative.db')
		SQLITE_ABS = p('sqlite:////var/abs.db')
		SQLITE_EMPTY = p('sqlite://')
		SPATIALITE = p('spatialite:///geo.db')
		SOCKET = p('postgres://%2Fvar%2Frun%2Fpostgresql/db')
		IPV6 = p('postgres://u:p@[2001:db8::1]:5432/db')
		ENC = p('postgres://us%40er:p%3Ass@h/d%20b')
		TEST = p('postgres://h/db', test_options={'NAME': 'test_db'}, conn_max_age=None, disable_server_side_cursors=True)
		`, env: map[string]string{}},
	{name: "dj_database_url unknown scheme", settings: `
		import dj_database_url
		DATABASES = {'default': dj_database_url.parse('nosql://h/db')}
		`, env: map[string]string{}},
	{name: "dj_database_url bad port", settings: `
		import dj_database_url
		DATABASES = {'default': dj_database_url.config()}
		`, env: map[string]string{"DATABASE_URL": "postgres://u:p@h:port/db"}},
	{name: "dj_database_url register", settings: `
		import dj_database_url
		@dj_database_url.register('mydb', 'my.db.backend')
		def post(config):
		    config['OPTIONS']['registered'] = True
		CUSTOM = dj_database_url.parse('mydb://u:p@h:99/n')
		PLAIN = dj_database_url.parse('mydb2://h/n') if False else None
		`, env: map[string]string{}},
	{name: "dj_database_url except", settings: `
		import dj_database_url
		try:
		    DB = dj_database_url.parse('wat://x')
		except ValueError:
		    DB = 'caught'
		try:
		    DB2 = dj_database_url.parse('postgres://h:99999/x')
		except dj_database_url.ParseError:
		    DB2 = 'parse error'
		`, env: map[string]string{}},

	// ---- mixed, as real settings use them ----
	{name: "mixed real world", settings: `
		import os
		from pathlib import Path
		import environ
		import dj_database_url
		BASE_DIR = Path(__file__).resolve().parent.parent
		env = environ.Env(DEBUG=(bool, False), ALLOWED_HOSTS=(list, ['localhost']))
		environ.Env.read_env(BASE_DIR / '.env')
		DEBUG = env('DEBUG')
		SECRET_KEY = env('DJANGO_SECRET_KEY', default='insecure')
		ALLOWED_HOSTS = env('ALLOWED_HOSTS')
		DATABASES = {'default': dj_database_url.config(default=f'sqlite:///{BASE_DIR / "db.sqlite3"}', conn_max_age=60)}
		CACHES = {'default': env.cache('REDIS_URL', default='locmemcache://')}
		SESSION_COOKIE_SECURE = env.bool('SECURE', default=not DEBUG)
		CSRF_TRUSTED_ORIGINS = env.list('CSRF_TRUSTED_ORIGINS', default=[])
		SECURE_HSTS_SECONDS = env.int('HSTS', default=0)
		EMAIL_CONFIG = env.email_url('EMAIL_URL', default='consolemail://')
		`, env: map[string]string{"REDIS_URL": "redis://redis:6379/0"},
		files: map[string]string{".env": "DEBUG=off\nALLOWED_HOSTS=example.com,www.example.com\nDJANGO_SECRET_KEY=from-dotenv\n"}},
	{name: "mixed decouple real world", settings: `
		from pathlib import Path
		from decouple import config, Csv
		import dj_database_url
		BASE_DIR = Path(__file__).resolve().parent.parent
		SECRET_KEY = config('SECRET_KEY')
		DEBUG = config('DEBUG', default=False, cast=bool)
		ALLOWED_HOSTS = config('ALLOWED_HOSTS', default='127.0.0.1,localhost', cast=Csv())
		DATABASES = {'default': dj_database_url.parse(config('DATABASE_URL', default='sqlite:///' + str(BASE_DIR / 'db.sqlite3')))}
		EMAIL_PORT = config('EMAIL_PORT', default=25, cast=int)
		SECURE_SSL_REDIRECT = config('SECURE_SSL_REDIRECT', default=not DEBUG, cast=bool)
		`, env: map[string]string{"SECRET_KEY": "k", "DATABASE_URL": "postgres://a:b@c/d"},
		files: map[string]string{".env": "DEBUG=True\nEMAIL_PORT=587\n"}},

	// ---- edge cases ----
	{name: "environ edge casts", settings: `
		import environ
		env = environ.Env(HOSTS=([str], []), IDS=(tuple, ()), FLAG=bool)
		HOSTS = env('HOSTS')
		IDS = env('IDS')
		FLAG = env('FLAG')
		F = env.float('F')
		T = env.tuple('NOPE', default=('a',))
		D = env.dict('NOPE', default={})
		BN = env.bool('NOPE', default=None)
		LAMBDA = env('PAIR', cast=lambda s: s.split(':'))
		UPPER = env('PAIR', cast=str.upper)
		`, env: map[string]string{"HOSTS": "x,y", "IDS": "1,2", "FLAG": "True", "F": "1.000.000,5", "PAIR": "a:b"}},
	{name: "environ float empty", settings: `
		import environ
		env = environ.Env()
		F = env.float('F')
		`, env: map[string]string{"F": "abc"}},
	{name: "environ dict cast error", settings: `
		import environ
		env = environ.Env()
		D = env.dict('D')
		`, env: map[string]string{"D": "a=1,b"}},
	{name: "environ json error", settings: `
		import environ
		env = environ.Env()
		J = env.json('J')
		`, env: map[string]string{"J": "{bad"}, errClassOnly: true},
	{name: "environ multiline none", settings: `
		import environ
		env = environ.Env()
		S = env.str('S', default=None, multiline=True)
		`, env: map[string]string{}},
	{name: "environ db query literals", settings: `
		import environ
		c = environ.Env.db_url_config
		A = c('postgres://u:p@h/db?conn_max_age=None&conn_health_checks=true&atomic_requests=True&options=-c%20search_path%3Dfoo')
		B = c('postgres://user@host')
		C = c(environ.Env().url('DATABASE_URL'))
		D = c('mysql://u:p@h:3306/db?ssl=&init=1')
		`, env: map[string]string{"DATABASE_URL": "pgsql://a:b@c:1/d"}},
	{name: "environ cache edge", settings: `
		import environ
		env = environ.Env()
		c = environ.Env.cache_url_config
		ONE = c('memcache://h1:11211')
		PYLIBMC = c('pylibmc://h1:11211,h2:11211?binary=True&behaviors=x')
		MULTI = c('redis://h1:6379,h2:6379/1')
		PARSED = c(env.url('NOPE', default='dbcache://t'))
		`, env: map[string]string{}},
	{name: "environ cache empty default", settings: `
		import environ
		env = environ.Env()
		CACHES = {'default': env.cache('NOPE', default='')}
		`, env: map[string]string{}},
	{name: "environ email bad port", settings: `
		import environ
		env = environ.Env()
		EMAIL = env.email()
		`, env: map[string]string{"EMAIL_URL": "smtp://h:abc"}},
	{name: "environ Path errors", settings: `
		import environ
		root = environ.Path('/srv/app')
		try:
		    X = root - 'nope'
		except TypeError as e:
		    MSG = str(e)
		REQ = environ.Path(__file__, is_file=True, required=True)
		MISSING = environ.Path('/srv/app', 'x', required=False)
		`, env: map[string]string{}},
	{name: "environ Path required missing", settings: `
		import environ
		R = environ.Path(__file__, '..', 'nothere', required=True)
		`, env: map[string]string{}, errClassOnly: true},
	{name: "environ FileAwareEnv empty file var", settings: `
		import environ
		env = environ.FileAwareEnv()
		A = env('A')
		B = env('B', default='b')
		`, env: map[string]string{"A_FILE": "", "A": "plain"}},
	{name: "read_env line formats", settings: `
		import environ
		environ.Env.read_env('.env')
		env = environ.Env()
		A = env('A')
		B = env('B')
		C = env('C')
		D = env('D')
		LOWER = env('lower')
		E = env('E')
		`, env: map[string]string{},
		files: map[string]string{".env": "\ufeffFIRST=1\r\nA=1\r\nA=2\r\nB='a'b'\nC=\"x y\"\nD= spaced \nlower=ok\nE==eq\n"}},
	{name: "decouple env file formats", settings: `
		from decouple import config
		A = config('A')
		B = config('B')
		C = config('C')
		D = config('D', default='d')
		E = config('E')
		F = config('F')
		`, env: map[string]string{},
		files: map[string]string{".env": "A=1\r\nA=2\r\nB=\nC = 'x' \n#D=1\nE=a=b\nF=\"unbalanced'\n"}},
	{name: "decouple ini formats", settings: `
		from decouple import config
		A = config('A')
		B = config('B')
		C = config('C')
		D = config('D')
		`, env: map[string]string{},
		files: map[string]string{"settings.ini": "[other]\nA=wrong\n[settings]\nA: colon\nB = x # not a comment\nc =\nD = line1\n\tline2\n"}},
	{name: "decouple ini interpolation error", settings: `
		from decouple import config
		A = config('A')
		`, env: map[string]string{},
		files: map[string]string{"settings.ini": "[settings]\nA = %(missing)s\n"}, errClassOnly: true},
	{name: "decouple ini wins over env file", settings: `
		from decouple import config
		A = config('A')
		`, env: map[string]string{},
		files: map[string]string{"mysite/settings.ini": "[settings]\nA=ini\n", "mysite/.env": "A=env\n", ".env": "A=root\n"}},
	{name: "decouple nearest file wins", settings: `
		from decouple import config
		A = config('A', default='none')
		`, env: map[string]string{},
		files: map[string]string{"mysite/.env": "B=1\n", "settings.ini": "[settings]\nA=root\n"}},
	{name: "decouple Csv casts", settings: `
		from decouple import config, Csv
		A = config('A', cast=Csv(cast=lambda s: s.upper()))
		B = config('B', cast=Csv(delimiter=' ', strip=None))
		C = config('C', cast=Csv(delimiter=',;'))
		`, env: map[string]string{"A": "x,y", "B": "a  b\tc", "C": "1,2;3"}},
	{name: "decouple Csv unbalanced", settings: `
		from decouple import config, Csv
		A = config('A', cast=Csv())
		`, env: map[string]string{"A": "'open"}},
	{name: "dj_database_url edges", settings: `
		import dj_database_url
		p = dj_database_url.parse
		ZERO = p('postgres://u:p@h:0/db')
		BLANK = p('mysql://u:p@h/db?ssl-ca=&a=&b=1')
		NOPATH = p('postgres://user@host')
		COCKROACH = p('cockroach://u@h:26257/db?sslmode=verify-full')
		TIMESCALE = p('timescale://u:p@h/db')
		REDSHIFT = p('redshift://u:p@h:5439/db?currentSchema=s')
		MYSQL_CONN = p('mysql-connector://u:p@h/db')
		UPPER = p('POSTGRES://U:P@H/DB')
		`, env: map[string]string{}},
	{name: "dj_database_url port range", settings: `
		import dj_database_url
		DB = dj_database_url.parse('postgres://h:65536/x')
		`, env: map[string]string{}},
	{name: "decouple first caller decides", settings: `
		from mysite.parts.conf import A
		from decouple import config
		B = config('B', default='none')
		`, env: map[string]string{},
		files: map[string]string{"mysite/parts/__init__.py": "", "mysite/parts/conf.py": "from decouple import config\nA = config('A')\n",
			"mysite/parts/.env": "A=parts\n", "mysite/.env": "A=mysite\nB=mysite\n"}},
	{name: "read_env from a submodule", settings: `
		from mysite.parts.conf import *
		import environ
		env = environ.Env()
		A = env('A')
		`, env: map[string]string{},
		files: map[string]string{"mysite/parts/__init__.py": "", "mysite/parts/conf.py": "import environ\nenviron.Env().read_env()\n",
			"mysite/parts/.env": "A=parts\n", "mysite/.env": "A=mysite\n"}},
	{name: "environ FileAwareEnv missing file", settings: `
		import environ
		env = environ.FileAwareEnv()
		SECRET_KEY = env('SECRET_KEY')
		`, env: map[string]string{"SECRET_KEY_FILE": "nothere.txt"}},
	{name: "environ recursion", settings: `
		import environ
		env = environ.Env()
		A = env('A')
		`, env: map[string]string{"A": "$A"}, errClassOnly: true},
}

// TestEnvLibsDifferential evaluates each snippet with pyeval and with real
// Python and the real libraries, and compares every setting by repr.
func TestEnvLibsDifferential(t *testing.T) {
	envOracle(t)
	// python-decouple's AutoConfig searches up to /: the folders above the
	// temporary projects must not hold its files.
	for dir := filepath.Dir(t.TempDir()); ; dir = filepath.Dir(dir) {
		for _, name := range []string{"settings.ini", ".env"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Skipf("%s exists above the temporary projects", filepath.Join(dir, name))
			}
		}
		if dir == "/" || dir == "." {
			break
		}
	}
	var same atomic.Int32
	t.Run("cases", func(t *testing.T) {
		for _, tc := range envDiffCases {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				root := envProject{settings: tc.settings, files: tc.files}.write(t)
				want := pythonSettings(t, root, tc.env)
				got := goSettings(t, root, tc.env)
				if tc.errClassOnly {
					for _, m := range []map[string]string{want, got} {
						if e, ok := m["__error__"]; ok {
							m["__error__"], _, _ = strings.Cut(e, ":")
						}
					}
				}
				var names []string
				for k := range want {
					names = append(names, k)
				}
				for k := range got {
					if _, ok := want[k]; !ok {
						names = append(names, k)
					}
				}
				sort.Strings(names)
				ok := true
				for _, k := range names {
					w, inW := want[k]
					g, inG := got[k]
					if !inW || !inG || w != g {
						ok = false
						t.Errorf("%s:\n python: %s\n pyeval: %s", k, orMissing(w, inW), orMissing(g, inG))
					}
				}
				if ok {
					same.Add(1)
				}
			})
		}
	})
	t.Logf("%d snippets, %d identical", len(envDiffCases), same.Load())
}

func orMissing(s string, ok bool) string {
	if !ok {
		return "(missing)"
	}
	return s
}
