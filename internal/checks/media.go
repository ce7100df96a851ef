package checks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/deploycheck/deploycheck/internal/finding"
	"github.com/deploycheck/deploycheck/internal/pyvalue"
)

const fileSystemStorage = "django.core.files.storage.FileSystemStorage"

// mediaChecklist returns deploycheck's own checks of this checklist topic.
func mediaChecklist() []*Check {
	return []*Check{
		{
			ID: "dc.media_files.url-in-static", Topic: finding.TopicMediaFiles, Severity: finding.Warning,
			Doc: `MEDIA_URL is STATIC_URL or lies under it.

Uploaded files and static files must be told apart by URL. When MEDIA_URL
equals STATIC_URL, Django's static files storage refuses to work
(ImproperlyConfigured the first time a static URL is built); that is
reported as an error. When MEDIA_URL lies under STATIC_URL (/static/media/),
the web server's static location answers for uploads too: they are looked
up in STATIC_ROOT instead of MEDIA_ROOT, or get the long cache lifetimes
meant for versioned assets, and runserver cannot serve them.

Fix: give uploads their own prefix, e.g. MEDIA_URL = "/media/" next to
STATIC_URL = "/static/".`,
			Run: runMediaURL,
		},
		{
			ID: "dc.media_files.root-in-static", Topic: finding.TopicMediaFiles, Severity: finding.Warning,
			Doc: `MEDIA_ROOT and STATIC_ROOT are the same directory or nested.

Uploads are untrusted files written by users; STATIC_ROOT is rebuilt by
collectstatic and served as the site's own assets. The same directory
makes Django's static files storage refuse to work (ImproperlyConfigured)
and is an error. MEDIA_ROOT inside STATIC_ROOT puts uploads where
"collectstatic --clear" deletes them; STATIC_ROOT inside MEDIA_ROOT lets a
user upload a file that is then served as one of the site's own scripts or
style sheets. The nested cases are checked when uploads are stored on the
local disk (FileSystemStorage).

Fix: use two separate directories, e.g. BASE_DIR / "media" and
BASE_DIR / "staticfiles".`,
			Run: runMediaRootInStatic,
		},
		{
			ID: "dc.media_files.root-is-code", Topic: finding.TopicMediaFiles, Severity: finding.Error,
			Doc: `MEDIA_ROOT is the project's code directory.

When MEDIA_ROOT is the project directory (BASE_DIR, where manage.py is), a
directory containing it, or a directory of Python modules, users' uploads
are written among the source code, and the web server that serves
MEDIA_ROOT at MEDIA_URL publishes the code, settings and secrets included.
Checked when uploads are stored on the local disk (FileSystemStorage).

Fix: point MEDIA_ROOT at a directory used only for uploads, outside the
code, e.g. BASE_DIR / "media" or a mounted volume, and back it up.`,
			Run: runMediaRootIsCode,
		},
		{
			ID: "dc.media_files.executable-uploads", Topic: finding.TopicMediaFiles, Severity: finding.Warning,
			Doc: `Uploaded files are stored with execute permission.

FILE_UPLOAD_PERMISSIONS (or the default storage's 'file_permissions_mode'
option) has an execute bit, as in 0o755. Uploads are untrusted: an
executable upload is one step from being run, by a misconfigured web
server (CGI, PHP) or by anyone who finds a way to call it.

Fix: use 0o644 (Django's default since 3.0) or 0o640.`,
			Run: runMediaExecutable,
		},
		{
			ID: "dc.media_files.world-writable", Topic: finding.TopicMediaFiles, Severity: finding.Warning,
			Doc: `Uploaded files or their directories are world-writable.

FILE_UPLOAD_PERMISSIONS or FILE_UPLOAD_DIRECTORY_PERMISSIONS (or the
default storage's 'file_permissions_mode' and
'directory_permissions_mode' options) grant write permission to every
user of the machine (0o666, 0o777...): any local process can replace users'
files or add its own to the directories the web server publishes.

Fix: use 0o644 for files and 0o755 for directories (or 0o640 and 0o750
with a group shared with the web server).`,
			Run: runMediaWorldWritable,
		},
		{
			ID: "dc.media_files.decimal-mode", Topic: finding.TopicMediaFiles, Severity: finding.Warning,
			Doc: `An upload permission mode is written in decimal.

A mode such as FILE_UPLOAD_PERMISSIONS = 644 is the decimal number 644,
which is 0o1204 in octal: the owner cannot read the file, everyone else
can, and the sticky bit is set. Permission modes must be written in octal.
The check flags integers above 0o777 whose decimal digits are all octal
digits.

Fix: write the mode with the 0o prefix: 0o644, 0o755.`,
			Run: runMediaDecimalMode,
		},
	}
}

// defaultStorage returns the default (uploads) storage entry as Django
// resolves it for the version: the class and, from 4.2, the STORAGES
// entry (for its OPTIONS).
func (p *Pass) defaultStorage() (backend string, entry pyvalue.Value, hasEntry, ok bool) {
	ver := p.version()
	if !ver.AtLeast(4, 2) || !ver.AtLeast(5, 1) && p.Settings.IsOverridden("DEFAULT_FILE_STORAGE") {
		backend, ok = p.Setting("DEFAULT_FILE_STORAGE").AsStr()
		return backend, entry, false, ok
	}
	entry, found := dictGet(p.Setting("STORAGES"), "default")
	if found != yes || entry.Kind() != pyvalue.KindDict {
		return "", entry, false, false
	}
	v, found := dictGet(entry, "BACKEND")
	if found != yes {
		return "", entry, true, false
	}
	backend, ok = v.AsStr()
	return backend, entry, true, ok
}

// mediaOnDisk tells whether uploads are stored in MEDIA_ROOT on the local
// disk (Django's FileSystemStorage without its own location).
func (p *Pass) mediaOnDisk() tri {
	backend, entry, hasEntry, ok := p.defaultStorage()
	if !ok {
		return unknown
	}
	if backend != fileSystemStorage {
		return no
	}
	if hasEntry {
		opts, found := dictGet(entry, "OPTIONS")
		if found == unknown {
			return unknown
		}
		if found == yes {
			if _, f := dictGet(opts, "location"); f != no {
				return unknown // the storage has a location of its own
			}
		}
	}
	return yes
}

// urlPath normalises a STATIC_URL or MEDIA_URL for comparison: a path
// gets a leading slash (Django prefixes relative ones with the script
// name); kind is "url" for an absolute URL.
func urlPath(s string) (norm, kind string) {
	if strings.Contains(s, "://") || strings.HasPrefix(s, "//") {
		return s, "url"
	}
	if !strings.HasPrefix(s, "/") {
		s = "/" + s
	}
	return s, "path"
}

func runMediaURL(p *Pass) {
	media, static := p.Setting("MEDIA_URL"), p.Setting("STATIC_URL")
	ms, ok1 := media.AsStr()
	ss, ok2 := static.AsStr()
	if !ok1 || !ok2 || ms == "" || ss == "" {
		return
	}
	m, mk := urlPath(ms)
	s, sk := urlPath(ss)
	if mk != sk {
		return
	}
	switch {
	case m == s:
		p.Report(finding.Finding{
			Setting:  "MEDIA_URL",
			Severity: finding.Error,
			Message: fmt.Sprintf("MEDIA_URL and STATIC_URL are both %s: Django's static files storage refuses the "+
				"setting, and uploads cannot be told from the site's own files.", quote(ms)),
			Hint: "Give uploads their own prefix, e.g. MEDIA_URL = \"/media/\".",
		})
	case strings.HasPrefix(m, strings.TrimSuffix(s, "/")+"/"):
		p.Report(finding.Finding{
			Setting: "MEDIA_URL",
			Message: fmt.Sprintf("MEDIA_URL %s lies under STATIC_URL %s: the web server's static location answers "+
				"for uploads too (looking in STATIC_ROOT, with the static files' cache lifetimes).", quote(ms), quote(ss)),
			Hint: "Serve uploads under a prefix of their own, e.g. MEDIA_URL = \"/media/\" next to STATIC_URL = \"/static/\".",
		})
	}
}

func runMediaRootInStatic(p *Pass) {
	media, static := p.Setting("MEDIA_ROOT"), p.Setting("STATIC_ROOT")
	if truthy(media) != yes || truthy(static) != yes {
		return
	}
	mt, ok1 := pathText(media)
	st, ok2 := pathText(static)
	if !ok1 || !ok2 {
		return
	}
	rel, known := relation(p.resolve(mt), []resolvedPath{p.resolve(st)})
	if !known || rel == "" {
		return
	}
	f := finding.Finding{Setting: "MEDIA_ROOT", Hint: "Use separate directories, e.g. BASE_DIR / \"media\" and BASE_DIR / \"staticfiles\"."}
	switch rel {
	case "matches":
		f.Severity = finding.Error
		f.Message = fmt.Sprintf("MEDIA_ROOT %s and STATIC_ROOT %s are the same directory: uploads mix with the site's "+
			"own files, and Django's static files storage refuses the setting.", p.shownPath(mt), p.shownPath(st))
	case "is inside":
		if p.mediaOnDisk() != yes {
			return
		}
		f.Message = fmt.Sprintf("MEDIA_ROOT %s lies inside STATIC_ROOT %s: collectstatic --clear deletes the "+
			"uploads, and they are served as if they were the site's own files.", p.shownPath(mt), p.shownPath(st))
	case "contains":
		if p.mediaOnDisk() != yes {
			return
		}
		f.Message = fmt.Sprintf("STATIC_ROOT %s lies inside MEDIA_ROOT %s: a user can upload a file that is then "+
			"served as one of the site's own scripts or style sheets.", p.shownPath(st), p.shownPath(mt))
	}
	p.Report(f)
}

func runMediaRootIsCode(p *Pass) {
	media := p.Setting("MEDIA_ROOT")
	if truthy(media) != yes || p.mediaOnDisk() != yes {
		return
	}
	text, ok := pathText(media)
	if !ok {
		return
	}
	rel := p.codeDirRelation(text)
	if rel == "" {
		return
	}
	p.Report(finding.Finding{
		Setting: "MEDIA_ROOT",
		Message: fmt.Sprintf("MEDIA_ROOT %s %s: users' uploads are written among the source code, and serving "+
			"MEDIA_ROOT publishes the code, settings included.", p.shownPath(text), rel),
		Hint: "Point MEDIA_ROOT at a directory used only for uploads, e.g. BASE_DIR / \"media\" or a mounted volume.",
	})
}

// uploadMode is one permission mode that applies to uploads.
type uploadMode struct {
	label, setting string
	v              pyvalue.Value
	dir            bool
}

// uploadModes returns the file and directory modes uploads get: the
// default storage's OPTIONS when it sets them (Django 4.2+), else the
// FILE_UPLOAD_* settings. None values (the process's umask) are left out.
func (p *Pass) uploadModes() []uploadMode {
	_, entry, hasEntry, _ := p.defaultStorage()
	var opts pyvalue.Value
	hasOpts := false
	if hasEntry {
		if o, found := dictGet(entry, "OPTIONS"); found == yes {
			opts, hasOpts = o, true
		}
	}
	var out []uploadMode
	for _, m := range []struct {
		option, setting string
		dir             bool
	}{
		{"file_permissions_mode", "FILE_UPLOAD_PERMISSIONS", false},
		{"directory_permissions_mode", "FILE_UPLOAD_DIRECTORY_PERMISSIONS", true},
	} {
		if hasOpts {
			if v, found := dictGet(opts, m.option); found == yes {
				out = append(out, uploadMode{"STORAGES['default']['OPTIONS'][" + quote(m.option) + "]", "STORAGES", v, m.dir})
				continue
			}
		}
		out = append(out, uploadMode{m.setting, m.setting, p.Setting(m.setting), m.dir})
	}
	return out
}

// modeBits returns an int mode; ok is false for None, Unknown and other
// types.
func modeBits(v pyvalue.Value) (int64, bool) {
	if v.Kind() != pyvalue.KindInt {
		return 0, false
	}
	return v.AsInt()
}

// decimalMode tells whether a mode looks like octal digits written as a
// decimal number (644 instead of 0o644).
func decimalMode(n int64) bool {
	if n <= 0o777 || n > 777 {
		return false
	}
	for _, d := range strconv.FormatInt(n, 10) {
		if d > '7' {
			return false
		}
	}
	return true
}

func runMediaExecutable(p *Pass) {
	for _, m := range p.uploadModes() {
		n, ok := modeBits(m.v)
		if m.dir || !ok || decimalMode(n) || n&0o111 == 0 {
			continue
		}
		p.Report(finding.Finding{
			Setting: m.setting,
			Message: fmt.Sprintf("%s is 0o%o, so every uploaded file is stored executable: untrusted uploads are one "+
				"step from being run.", m.label, n),
			Hint: "Use 0o644 (Django's default) or 0o640 for uploaded files.",
			Env:  envOf(m.v),
		})
	}
}

func runMediaWorldWritable(p *Pass) {
	for _, m := range p.uploadModes() {
		n, ok := modeBits(m.v)
		if !ok || decimalMode(n) || n&0o002 == 0 {
			continue
		}
		what, fix := "every uploaded file", "0o644"
		if m.dir {
			what, fix = "every directory created for uploads", "0o755"
		}
		p.Report(finding.Finding{
			Setting: m.setting,
			Message: fmt.Sprintf("%s is 0o%o, so %s is writable by every user of the machine: any local process can "+
				"replace or add files that the site serves.", m.label, n, what),
			Hint: "Drop the write bit for others, e.g. " + fix + ".",
			Env:  envOf(m.v),
		})
	}
}

func runMediaDecimalMode(p *Pass) {
	for _, m := range p.uploadModes() {
		n, ok := modeBits(m.v)
		if !ok || !decimalMode(n) {
			continue
		}
		p.Report(finding.Finding{
			Setting: m.setting,
			Message: fmt.Sprintf("%s is %d, a decimal number that means 0o%o: the permissions are not the ones "+
				"the digits suggest.", m.label, n, n),
			Hint: fmt.Sprintf("Write the mode in octal: 0o%d.", n),
			Env:  envOf(m.v),
		})
	}
}
