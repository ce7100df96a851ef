"""Differential cases for deploycheck's Django checks.

Usage: djangodiff.py N SEED OUTDIR DJANGO_PYTHONPATH

Writes N random literal settings modules as small projects under OUTDIR, runs
real Django's `check --deploy` on each and records the ids, the silenced
count and whether Django crashed in OUTDIR/cases.json. TestDjangoDifferential
replays them through deploycheck.
"""
import random, os, subprocess, json, sys, re
N = int(sys.argv[1])
random.seed(int(sys.argv[2]))
OUT = sys.argv[3]
DJANGO_PATH = sys.argv[4]
GOOD = "x8#kq2!mzv7@lp4&nw9^rt6*yb3(hc5)jd1-fs0+ge8=ua2_oi7~"
MW = ['django.middleware.security.SecurityMiddleware','django.contrib.sessions.middleware.SessionMiddleware','django.middleware.common.CommonMiddleware','django.middleware.csrf.CsrfViewMiddleware','django.contrib.auth.middleware.AuthenticationMiddleware','django.contrib.messages.middleware.MessageMiddleware','django.middleware.clickjacking.XFrameOptionsMiddleware']
APPS = ['django.contrib.admin','django.contrib.auth','django.contrib.contenttypes','django.contrib.sessions','django.contrib.messages','django.contrib.staticfiles']
CPS = ["django.template.context_processors.request","django.contrib.auth.context_processors.auth","django.contrib.messages.context_processors.messages"]
DT = "django.template.backends.django.DjangoTemplates"
pools = {
 'DEBUG': [True, False, "False", 0, 1],
 'SECRET_KEY': [GOOD, 'django-insecure-'+GOOD, 'short', '', 'abcd'*20, None, GOOD.encode(), b'ab', 12345],
 'ALLOWED_HOSTS': [[], ['x.com'], [''], ('a.com',), '*'],
 'SECURE_HSTS_SECONDS': [0, 3600, None, "0"],
 'SECURE_HSTS_INCLUDE_SUBDOMAINS': [True, False, 1],
 'SECURE_HSTS_PRELOAD': [True, False, 1],
 'SECURE_SSL_REDIRECT': [True, False, 1],
 'SESSION_COOKIE_SECURE': [True, False, "1"],
 'SESSION_COOKIE_HTTPONLY': [True, False, "1"],
 'CSRF_COOKIE_SECURE': [True, False, "1"],
 'CSRF_USE_SESSIONS': [True, False],
 'X_FRAME_OPTIONS': ['DENY', 'SAMEORIGIN', 'deny'],
 'SECURE_CONTENT_TYPE_NOSNIFF': [True, False, 1],
 'SECURE_REFERRER_POLICY': ['same-origin', None, '', 'bogus', ['origin', 'bogus'], ' origin , same-origin ', [], ('no-referrer',)],
 'SECURE_CROSS_ORIGIN_OPENER_POLICY': ['same-origin', None, 'bogus', 'Same-Origin', 'unsafe-none'],
 'SECRET_KEY_FALLBACKS': [[], ['short'], [GOOD, ''], (GOOD,)],
 'SILENCED_SYSTEM_CHECKS': [[], ['security.W018'], 'security.W004,security.W008', ['admin.E410', 'security.W012']],
 'CACHES': [{'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}},
            {'default': {'BACKEND': 'django.core.cache.backends.filebased.FileBasedCache', 'LOCATION': 'rel/cache'}},
            {'other': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}],
 'STATIC_URL': ['/static/', 'static', '/static', 'static/'],
 'MEDIA_URL': ['/media/', 'media', ''],
 'CSRF_TRUSTED_ORIGINS': [[], ['example.com'], ['https://x.com', 'y.com']],
 'LANGUAGE_CODE': ['en-us', 'de', 'en_US', 'pt-br', 'fr-ca', 'xx', 'zz-yy'],
 'TIME_ZONE': ['UTC', 'Europe/Paris', 'Mars/Base', 'Europe'],
 'LANGUAGES': [[('en', 'English')], [('de', 'German'), ('pt-br', 'P')], [('fr-be', 'F'), ('en', 'E')]],
 'USE_I18N': [True, False],
 'SITE_ID': [1, '1', None, 1.0],
 'STORAGES': [{'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}},
              {'default': {'BACKEND': 'django.core.files.storage.FileSystemStorage'}, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}],
 'CSRF_FAILURE_VIEW': ['nonexistent.mod.view', '', 'django.views.csrf.csrf_failure', 'mysite.nomod.sub.view', 'django.views.nomod.view', None],
 'STATICFILES_DIRS': [[], 'static', ['missingdir'], [('p/', 'assets')], ['assets']],
 'FILE_UPLOAD_TEMP_DIR': [None, 'missing_tmp', 'assets'],
 'AUTHENTICATION_BACKENDS': [['django.contrib.auth.backends.ModelBackend'], ['django.contrib.auth.backends.RemoteUserBackend'], ['guardian.backends.ObjectPermissionBackend']],
}
def templates():
    r = random.random()
    cps = [c for c in CPS if random.random() < 0.8]
    opts = {'context_processors': cps}
    if random.random() < 0.15: opts['string_if_invalid'] = random.choice([1, None, 'x'])
    if random.random() < 0.15: opts['libraries'] = random.choice([{'static': 'django.templatetags.cache'}, {'mine': 'django.templatetags.cache'}])
    if r < 0.1: return [{'BACKEND': 'django.template.backends.jinja2.Jinja2', 'DIRS': [], 'APP_DIRS': False, 'OPTIONS': {}}]
    if r < 0.15: return []
    return [{'BACKEND': DT, 'DIRS': [], 'APP_DIRS': True, 'OPTIONS': opts}]
cases = []
for i in range(N):
    s = {}
    for k, pool in pools.items():
        if random.random() < 0.35:
            s[k] = random.choice(pool)
    mw = [m for m in MW if random.random() < 0.85]
    if random.random() < 0.1: mw.insert(random.randrange(len(mw)+1), 'django.contrib.auth.middleware.LoginRequiredMiddleware')
    if random.random() < 0.1: mw.append('whitenoise.middleware.WhiteNoiseMiddleware')
    s['MIDDLEWARE'] = mw if random.random() < 0.9 else tuple(mw)
    apps = [a for a in APPS if random.random() < 0.9]
    if random.random() < 0.15: apps = [('django.contrib.sessions.apps.SessionsConfig' if a == 'django.contrib.sessions' else a) for a in apps]
    if random.random() < 0.15: apps.append('django.contrib.sites')
    s['INSTALLED_APPS'] = apps
    s['TEMPLATES'] = templates()
    s['ROOT_URLCONF'] = 'mysite.urls'
    d = os.path.join(OUT, f"p{i:04d}")
    os.makedirs(d + "/mysite", exist_ok=True)
    os.makedirs(d + "/assets", exist_ok=True)
    open(d + "/mysite/__init__.py", "w").close()
    open(d + "/mysite/urls.py", "w").write("urlpatterns = []\n")
    src = "".join(f"{k} = {v!r}\n" for k, v in s.items())
    open(d + "/mysite/settings.py", "w").write(src)
    env = dict(os.environ, PYTHONPATH=DJANGO_PATH + ":" + d, DJANGO_SETTINGS_MODULE="mysite.settings")
    p = subprocess.run([sys.executable, "-m", "django", "check", "--deploy"], cwd=d, env=env, capture_output=True, text=True)
    out = p.stdout + p.stderr
    ids = sorted(set(re.findall(r"\(([a-z0-9_]+\.[A-Z]\d+)\) ", out)))
    m = re.search(r"\((\d+) silenced\)", out)
    crashed = "Traceback" in out
    last = out.strip().splitlines()[-1] if out.strip() else ""
    cases.append({"dir": d, "ids": ids, "silenced": int(m.group(1)) if m else 0, "crash": crashed, "last": last, "src": src})
json.dump(cases, open(os.path.join(OUT, "cases.json"), "w"), indent=1)
print(len(cases), sum(c["crash"] for c in cases))
