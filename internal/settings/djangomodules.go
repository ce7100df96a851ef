package settings

import "strings"

// djangoModules lists the modules and packages of Django 5.2 (without the
// leading "django."), generated from its source tree.
var djangoModules = strings.Fields(`
__main__ apps apps.config apps.registry conf conf.global_settings conf.locale conf.locale.ar
conf.locale.ar.formats conf.locale.ar_DZ conf.locale.ar_DZ.formats conf.locale.az
conf.locale.az.formats conf.locale.bg conf.locale.bg.formats conf.locale.bn
conf.locale.bn.formats conf.locale.bs conf.locale.bs.formats conf.locale.ca
conf.locale.ca.formats conf.locale.ckb conf.locale.ckb.formats conf.locale.cs
conf.locale.cs.formats conf.locale.cy conf.locale.cy.formats conf.locale.da
conf.locale.da.formats conf.locale.de conf.locale.de.formats conf.locale.de_CH
conf.locale.de_CH.formats conf.locale.el conf.locale.el.formats conf.locale.en
conf.locale.en.formats conf.locale.en_AU conf.locale.en_AU.formats conf.locale.en_CA
conf.locale.en_CA.formats conf.locale.en_GB conf.locale.en_GB.formats conf.locale.en_IE
conf.locale.en_IE.formats conf.locale.eo conf.locale.eo.formats conf.locale.es
conf.locale.es.formats conf.locale.es_AR conf.locale.es_AR.formats conf.locale.es_CO
conf.locale.es_CO.formats conf.locale.es_MX conf.locale.es_MX.formats conf.locale.es_NI
conf.locale.es_NI.formats conf.locale.es_PR conf.locale.es_PR.formats conf.locale.et
conf.locale.et.formats conf.locale.eu conf.locale.eu.formats conf.locale.fa
conf.locale.fa.formats conf.locale.fi conf.locale.fi.formats conf.locale.fr
conf.locale.fr.formats conf.locale.fr_BE conf.locale.fr_BE.formats conf.locale.fr_CA
conf.locale.fr_CA.formats conf.locale.fr_CH conf.locale.fr_CH.formats conf.locale.fy
conf.locale.fy.formats conf.locale.ga conf.locale.ga.formats conf.locale.gd
conf.locale.gd.formats conf.locale.gl conf.locale.gl.formats conf.locale.he
conf.locale.he.formats conf.locale.hi conf.locale.hi.formats conf.locale.hr
conf.locale.hr.formats conf.locale.hu conf.locale.hu.formats conf.locale.id
conf.locale.id.formats conf.locale.ig conf.locale.ig.formats conf.locale.is
conf.locale.is.formats conf.locale.it conf.locale.it.formats conf.locale.ja
conf.locale.ja.formats conf.locale.ka conf.locale.ka.formats conf.locale.km
conf.locale.km.formats conf.locale.kn conf.locale.kn.formats conf.locale.ko
conf.locale.ko.formats conf.locale.ky conf.locale.ky.formats conf.locale.lt
conf.locale.lt.formats conf.locale.lv conf.locale.lv.formats conf.locale.mk
conf.locale.mk.formats conf.locale.ml conf.locale.ml.formats conf.locale.mn
conf.locale.mn.formats conf.locale.ms conf.locale.ms.formats conf.locale.nb
conf.locale.nb.formats conf.locale.nl conf.locale.nl.formats conf.locale.nn
conf.locale.nn.formats conf.locale.pl conf.locale.pl.formats conf.locale.pt
conf.locale.pt.formats conf.locale.pt_BR conf.locale.pt_BR.formats conf.locale.ro
conf.locale.ro.formats conf.locale.ru conf.locale.ru.formats conf.locale.sk
conf.locale.sk.formats conf.locale.sl conf.locale.sl.formats conf.locale.sq
conf.locale.sq.formats conf.locale.sr conf.locale.sr.formats conf.locale.sr_Latn
conf.locale.sr_Latn.formats conf.locale.sv conf.locale.sv.formats conf.locale.ta
conf.locale.ta.formats conf.locale.te conf.locale.te.formats conf.locale.tg
conf.locale.tg.formats conf.locale.th conf.locale.th.formats conf.locale.tk
conf.locale.tk.formats conf.locale.tr conf.locale.tr.formats conf.locale.ug
conf.locale.ug.formats conf.locale.uk conf.locale.uk.formats conf.locale.uz
conf.locale.uz.formats conf.locale.vi conf.locale.vi.formats conf.locale.zh_Hans
conf.locale.zh_Hans.formats conf.locale.zh_Hant conf.locale.zh_Hant.formats conf.urls
conf.urls.i18n conf.urls.static contrib contrib.admin contrib.admin.actions contrib.admin.apps
contrib.admin.checks contrib.admin.decorators contrib.admin.exceptions contrib.admin.filters
contrib.admin.forms contrib.admin.helpers contrib.admin.migrations
contrib.admin.migrations.0001_initial contrib.admin.migrations.0002_logentry_remove_auto_add
contrib.admin.migrations.0003_logentry_add_action_flag_choices contrib.admin.models
contrib.admin.options contrib.admin.sites contrib.admin.templatetags
contrib.admin.templatetags.admin_list contrib.admin.templatetags.admin_modify
contrib.admin.templatetags.admin_urls contrib.admin.templatetags.base
contrib.admin.templatetags.log contrib.admin.tests contrib.admin.utils contrib.admin.views
contrib.admin.views.autocomplete contrib.admin.views.decorators contrib.admin.views.main
contrib.admin.widgets contrib.admindocs contrib.admindocs.apps contrib.admindocs.middleware
contrib.admindocs.urls contrib.admindocs.utils contrib.admindocs.views contrib.auth
contrib.auth.admin contrib.auth.apps contrib.auth.backends contrib.auth.base_user
contrib.auth.checks contrib.auth.context_processors contrib.auth.decorators contrib.auth.forms
contrib.auth.handlers contrib.auth.handlers.modwsgi contrib.auth.hashers
contrib.auth.management contrib.auth.management.commands
contrib.auth.management.commands.changepassword
contrib.auth.management.commands.createsuperuser contrib.auth.middleware
contrib.auth.migrations contrib.auth.migrations.0001_initial
contrib.auth.migrations.0002_alter_permission_name_max_length
contrib.auth.migrations.0003_alter_user_email_max_length
contrib.auth.migrations.0004_alter_user_username_opts
contrib.auth.migrations.0005_alter_user_last_login_null
contrib.auth.migrations.0006_require_contenttypes_0002
contrib.auth.migrations.0007_alter_validators_add_error_messages
contrib.auth.migrations.0008_alter_user_username_max_length
contrib.auth.migrations.0009_alter_user_last_name_max_length
contrib.auth.migrations.0010_alter_group_name_max_length
contrib.auth.migrations.0011_update_proxy_permissions
contrib.auth.migrations.0012_alter_user_first_name_max_length contrib.auth.mixins
contrib.auth.models contrib.auth.password_validation contrib.auth.signals contrib.auth.tokens
contrib.auth.urls contrib.auth.validators contrib.auth.views contrib.contenttypes
contrib.contenttypes.admin contrib.contenttypes.apps contrib.contenttypes.checks
contrib.contenttypes.fields contrib.contenttypes.forms contrib.contenttypes.management
contrib.contenttypes.management.commands
contrib.contenttypes.management.commands.remove_stale_contenttypes
contrib.contenttypes.migrations contrib.contenttypes.migrations.0001_initial
contrib.contenttypes.migrations.0002_remove_content_type_name contrib.contenttypes.models
contrib.contenttypes.prefetch contrib.contenttypes.views contrib.flatpages
contrib.flatpages.admin contrib.flatpages.apps contrib.flatpages.forms
contrib.flatpages.middleware contrib.flatpages.migrations
contrib.flatpages.migrations.0001_initial contrib.flatpages.models contrib.flatpages.sitemaps
contrib.flatpages.templatetags contrib.flatpages.templatetags.flatpages contrib.flatpages.urls
contrib.flatpages.views contrib.gis contrib.gis.admin contrib.gis.admin.options
contrib.gis.apps contrib.gis.db contrib.gis.db.backends contrib.gis.db.backends.base
contrib.gis.db.backends.base.adapter contrib.gis.db.backends.base.features
contrib.gis.db.backends.base.models contrib.gis.db.backends.base.operations
contrib.gis.db.backends.mysql contrib.gis.db.backends.mysql.base
contrib.gis.db.backends.mysql.features contrib.gis.db.backends.mysql.introspection
contrib.gis.db.backends.mysql.operations contrib.gis.db.backends.mysql.schema
contrib.gis.db.backends.oracle contrib.gis.db.backends.oracle.adapter
contrib.gis.db.backends.oracle.base contrib.gis.db.backends.oracle.features
contrib.gis.db.backends.oracle.introspection contrib.gis.db.backends.oracle.models
contrib.gis.db.backends.oracle.operations contrib.gis.db.backends.oracle.schema
contrib.gis.db.backends.postgis contrib.gis.db.backends.postgis.adapter
contrib.gis.db.backends.postgis.base contrib.gis.db.backends.postgis.const
contrib.gis.db.backends.postgis.features contrib.gis.db.backends.postgis.introspection
contrib.gis.db.backends.postgis.models contrib.gis.db.backends.postgis.operations
contrib.gis.db.backends.postgis.pgraster contrib.gis.db.backends.postgis.schema
contrib.gis.db.backends.spatialite contrib.gis.db.backends.spatialite.adapter
contrib.gis.db.backends.spatialite.base contrib.gis.db.backends.spatialite.client
contrib.gis.db.backends.spatialite.features contrib.gis.db.backends.spatialite.introspection
contrib.gis.db.backends.spatialite.models contrib.gis.db.backends.spatialite.operations
contrib.gis.db.backends.spatialite.schema contrib.gis.db.backends.utils contrib.gis.db.models
contrib.gis.db.models.aggregates contrib.gis.db.models.fields contrib.gis.db.models.functions
contrib.gis.db.models.lookups contrib.gis.db.models.proxy contrib.gis.db.models.sql
contrib.gis.db.models.sql.conversion contrib.gis.feeds contrib.gis.forms
contrib.gis.forms.fields contrib.gis.forms.widgets contrib.gis.gdal contrib.gis.gdal.base
contrib.gis.gdal.datasource contrib.gis.gdal.driver contrib.gis.gdal.envelope
contrib.gis.gdal.error contrib.gis.gdal.feature contrib.gis.gdal.field
contrib.gis.gdal.geometries contrib.gis.gdal.geomtype contrib.gis.gdal.layer
contrib.gis.gdal.libgdal contrib.gis.gdal.prototypes contrib.gis.gdal.prototypes.ds
contrib.gis.gdal.prototypes.errcheck contrib.gis.gdal.prototypes.generation
contrib.gis.gdal.prototypes.geom contrib.gis.gdal.prototypes.raster
contrib.gis.gdal.prototypes.srs contrib.gis.gdal.raster contrib.gis.gdal.raster.band
contrib.gis.gdal.raster.base contrib.gis.gdal.raster.const contrib.gis.gdal.raster.source
contrib.gis.gdal.srs contrib.gis.geoip2 contrib.gis.geometry contrib.gis.geos
contrib.gis.geos.base contrib.gis.geos.collections contrib.gis.geos.coordseq
contrib.gis.geos.error contrib.gis.geos.factory contrib.gis.geos.geometry contrib.gis.geos.io
contrib.gis.geos.libgeos contrib.gis.geos.linestring contrib.gis.geos.mutable_list
contrib.gis.geos.point contrib.gis.geos.polygon contrib.gis.geos.prepared
contrib.gis.geos.prototypes contrib.gis.geos.prototypes.coordseq
contrib.gis.geos.prototypes.errcheck contrib.gis.geos.prototypes.geom
contrib.gis.geos.prototypes.io contrib.gis.geos.prototypes.misc
contrib.gis.geos.prototypes.predicates contrib.gis.geos.prototypes.prepared
contrib.gis.geos.prototypes.threadsafe contrib.gis.geos.prototypes.topology
contrib.gis.management contrib.gis.management.commands
contrib.gis.management.commands.inspectdb contrib.gis.management.commands.ogrinspect
contrib.gis.measure contrib.gis.ptr contrib.gis.serializers contrib.gis.serializers.geojson
contrib.gis.shortcuts contrib.gis.sitemaps contrib.gis.sitemaps.kml contrib.gis.sitemaps.views
contrib.gis.utils contrib.gis.utils.layermapping contrib.gis.utils.ogrinfo
contrib.gis.utils.ogrinspect contrib.gis.utils.srs contrib.gis.views contrib.humanize
contrib.humanize.apps contrib.humanize.templatetags contrib.humanize.templatetags.humanize
contrib.messages contrib.messages.api contrib.messages.apps contrib.messages.constants
contrib.messages.context_processors contrib.messages.middleware contrib.messages.storage
contrib.messages.storage.base contrib.messages.storage.cookie contrib.messages.storage.fallback
contrib.messages.storage.session contrib.messages.test contrib.messages.utils
contrib.messages.views contrib.postgres contrib.postgres.aggregates
contrib.postgres.aggregates.general contrib.postgres.aggregates.mixins
contrib.postgres.aggregates.statistics contrib.postgres.apps contrib.postgres.constraints
contrib.postgres.expressions contrib.postgres.fields contrib.postgres.fields.array
contrib.postgres.fields.citext contrib.postgres.fields.hstore contrib.postgres.fields.jsonb
contrib.postgres.fields.ranges contrib.postgres.fields.utils contrib.postgres.forms
contrib.postgres.forms.array contrib.postgres.forms.hstore contrib.postgres.forms.ranges
contrib.postgres.functions contrib.postgres.indexes contrib.postgres.lookups
contrib.postgres.operations contrib.postgres.search contrib.postgres.serializers
contrib.postgres.signals contrib.postgres.utils contrib.postgres.validators contrib.redirects
contrib.redirects.admin contrib.redirects.apps contrib.redirects.middleware
contrib.redirects.migrations contrib.redirects.migrations.0001_initial
contrib.redirects.migrations.0002_alter_redirect_new_path_help_text contrib.redirects.models
contrib.sessions contrib.sessions.apps contrib.sessions.backends contrib.sessions.backends.base
contrib.sessions.backends.cache contrib.sessions.backends.cached_db
contrib.sessions.backends.db contrib.sessions.backends.file
contrib.sessions.backends.signed_cookies contrib.sessions.base_session
contrib.sessions.exceptions contrib.sessions.management contrib.sessions.management.commands
contrib.sessions.management.commands.clearsessions contrib.sessions.middleware
contrib.sessions.migrations contrib.sessions.migrations.0001_initial contrib.sessions.models
contrib.sessions.serializers contrib.sitemaps contrib.sitemaps.apps contrib.sitemaps.views
contrib.sites contrib.sites.admin contrib.sites.apps contrib.sites.checks
contrib.sites.management contrib.sites.managers contrib.sites.middleware
contrib.sites.migrations contrib.sites.migrations.0001_initial
contrib.sites.migrations.0002_alter_domain_unique contrib.sites.models contrib.sites.requests
contrib.sites.shortcuts contrib.staticfiles contrib.staticfiles.apps contrib.staticfiles.checks
contrib.staticfiles.finders contrib.staticfiles.handlers contrib.staticfiles.management
contrib.staticfiles.management.commands contrib.staticfiles.management.commands.collectstatic
contrib.staticfiles.management.commands.findstatic
contrib.staticfiles.management.commands.runserver contrib.staticfiles.storage
contrib.staticfiles.testing contrib.staticfiles.urls contrib.staticfiles.utils
contrib.staticfiles.views contrib.syndication contrib.syndication.apps
contrib.syndication.views core core.asgi core.cache core.cache.backends
core.cache.backends.base core.cache.backends.db core.cache.backends.dummy
core.cache.backends.filebased core.cache.backends.locmem core.cache.backends.memcached
core.cache.backends.redis core.cache.utils core.checks core.checks.async_checks
core.checks.caches core.checks.commands core.checks.compatibility
core.checks.compatibility.django_4_0 core.checks.database core.checks.files
core.checks.messages core.checks.model_checks core.checks.registry core.checks.security
core.checks.security.base core.checks.security.csrf core.checks.security.sessions
core.checks.templates core.checks.translation core.checks.urls core.exceptions core.files
core.files.base core.files.images core.files.locks core.files.move core.files.storage
core.files.storage.base core.files.storage.filesystem core.files.storage.handler
core.files.storage.memory core.files.storage.mixins core.files.temp core.files.uploadedfile
core.files.uploadhandler core.files.utils core.handlers core.handlers.asgi core.handlers.base
core.handlers.exception core.handlers.wsgi core.mail core.mail.backends core.mail.backends.base
core.mail.backends.console core.mail.backends.dummy core.mail.backends.filebased
core.mail.backends.locmem core.mail.backends.smtp core.mail.message core.mail.utils
core.management core.management.base core.management.color core.management.commands
core.management.commands.check core.management.commands.compilemessages
core.management.commands.createcachetable core.management.commands.dbshell
core.management.commands.diffsettings core.management.commands.dumpdata
core.management.commands.flush core.management.commands.inspectdb
core.management.commands.loaddata core.management.commands.makemessages
core.management.commands.makemigrations core.management.commands.migrate
core.management.commands.optimizemigration core.management.commands.runserver
core.management.commands.sendtestemail core.management.commands.shell
core.management.commands.showmigrations core.management.commands.sqlflush
core.management.commands.sqlmigrate core.management.commands.sqlsequencereset
core.management.commands.squashmigrations core.management.commands.startapp
core.management.commands.startproject core.management.commands.test
core.management.commands.testserver core.management.sql core.management.templates
core.management.utils core.paginator core.serializers core.serializers.base
core.serializers.json core.serializers.jsonl core.serializers.python core.serializers.pyyaml
core.serializers.xml_serializer core.servers core.servers.basehttp core.signals core.signing
core.validators core.wsgi db db.backends db.backends.base db.backends.base.base
db.backends.base.client db.backends.base.creation db.backends.base.features
db.backends.base.introspection db.backends.base.operations db.backends.base.schema
db.backends.base.validation db.backends.ddl_references db.backends.dummy db.backends.dummy.base
db.backends.dummy.features db.backends.mysql db.backends.mysql.base db.backends.mysql.client
db.backends.mysql.compiler db.backends.mysql.creation db.backends.mysql.features
db.backends.mysql.introspection db.backends.mysql.operations db.backends.mysql.schema
db.backends.mysql.validation db.backends.oracle db.backends.oracle.base
db.backends.oracle.client db.backends.oracle.creation db.backends.oracle.features
db.backends.oracle.functions db.backends.oracle.introspection db.backends.oracle.operations
db.backends.oracle.oracledb_any db.backends.oracle.schema db.backends.oracle.utils
db.backends.oracle.validation db.backends.postgresql db.backends.postgresql.base
db.backends.postgresql.client db.backends.postgresql.compiler db.backends.postgresql.creation
db.backends.postgresql.features db.backends.postgresql.introspection
db.backends.postgresql.operations db.backends.postgresql.psycopg_any
db.backends.postgresql.schema db.backends.signals db.backends.sqlite3
db.backends.sqlite3._functions db.backends.sqlite3.base db.backends.sqlite3.client
db.backends.sqlite3.creation db.backends.sqlite3.features db.backends.sqlite3.introspection
db.backends.sqlite3.operations db.backends.sqlite3.schema db.backends.utils db.migrations
db.migrations.autodetector db.migrations.exceptions db.migrations.executor db.migrations.graph
db.migrations.loader db.migrations.migration db.migrations.operations
db.migrations.operations.base db.migrations.operations.fields db.migrations.operations.models
db.migrations.operations.special db.migrations.optimizer db.migrations.questioner
db.migrations.recorder db.migrations.serializer db.migrations.state db.migrations.utils
db.migrations.writer db.models db.models.aggregates db.models.base db.models.constants
db.models.constraints db.models.deletion db.models.enums db.models.expressions db.models.fields
db.models.fields.composite db.models.fields.files db.models.fields.generated
db.models.fields.json db.models.fields.mixins db.models.fields.proxy db.models.fields.related
db.models.fields.related_descriptors db.models.fields.related_lookups
db.models.fields.reverse_related db.models.fields.tuple_lookups db.models.functions
db.models.functions.comparison db.models.functions.datetime db.models.functions.json
db.models.functions.math db.models.functions.mixins db.models.functions.text
db.models.functions.window db.models.indexes db.models.lookups db.models.manager
db.models.options db.models.query db.models.query_utils db.models.signals db.models.sql
db.models.sql.compiler db.models.sql.constants db.models.sql.datastructures db.models.sql.query
db.models.sql.subqueries db.models.sql.where db.models.utils db.transaction db.utils dispatch
dispatch.dispatcher forms forms.boundfield forms.fields forms.forms forms.formsets forms.models
forms.renderers forms.utils forms.widgets http http.cookie http.multipartparser http.request
http.response middleware middleware.cache middleware.clickjacking middleware.common
middleware.csrf middleware.gzip middleware.http middleware.locale middleware.security shortcuts
template template.autoreload template.backends template.backends.base template.backends.django
template.backends.dummy template.backends.jinja2 template.backends.utils template.base
template.context template.context_processors template.defaultfilters template.defaulttags
template.engine template.exceptions template.library template.loader template.loader_tags
template.loaders template.loaders.app_directories template.loaders.base template.loaders.cached
template.loaders.filesystem template.loaders.locmem template.response template.smartif
template.utils templatetags templatetags.cache templatetags.i18n templatetags.l10n
templatetags.static templatetags.tz test test.client test.html test.runner test.selenium
test.signals test.testcases test.utils urls urls.base urls.conf urls.converters urls.exceptions
urls.resolvers urls.utils utils utils._os utils.archive utils.asyncio utils.autoreload
utils.cache utils.choices utils.connection utils.crypto utils.datastructures utils.dateformat
utils.dateparse utils.dates utils.deconstruct utils.decorators utils.deprecation utils.duration
utils.encoding utils.feedgenerator utils.formats utils.functional utils.hashable utils.html
utils.http utils.inspect utils.ipv6 utils.itercompat utils.log utils.lorem_ipsum
utils.module_loading utils.numberformat utils.regex_helper utils.safestring utils.termcolors
utils.text utils.timesince utils.timezone utils.translation utils.translation.reloader
utils.translation.template utils.translation.trans_null utils.translation.trans_real utils.tree
utils.version utils.xmlutils views views.csrf views.debug views.decorators
views.decorators.cache views.decorators.clickjacking views.decorators.common
views.decorators.csrf views.decorators.debug views.decorators.gzip views.decorators.http
views.decorators.vary views.defaults views.generic views.generic.base views.generic.dates
views.generic.detail views.generic.edit views.generic.list views.i18n views.static
`)
