package deployfiles

import "testing"

func TestParseKubernetesDeployment(t *testing.T) {
	path, data := readFixture(t, "kubernetes/deployment.yaml")
	if !LooksLikeKubernetes(data) {
		t.Error("LooksLikeKubernetes = false")
	}
	km, err := ParseKubernetes(path, data)
	if err != nil {
		t.Fatalf("ParseKubernetes: %v", err)
	}
	if len(km.Workloads) != 1 {
		t.Fatalf("got %d workloads, want 1 (the ConfigMap is not one)", len(km.Workloads))
	}
	w := km.Workloads[0]
	if w.Kind != "Deployment" || w.Name != "shop-web" || w.Line != 9 || len(w.Containers) != 2 {
		t.Fatalf("workload = %s %s line %d, %d containers", w.Kind, w.Name, w.Line, len(w.Containers))
	}
	migrate, web := w.Containers[0], w.Containers[1]
	if !migrate.Init || migrate.Name != "migrate" || migrate.Line != 17 {
		t.Errorf("init container = %+v", migrate)
	}
	deepEqual(t, "migrate command", migrate.Command, &Command{Exec: []string{"python", "manage.py", "migrate"}, Line: 19})
	if web.Init || web.Name != "web" || web.Image != "shop:1.0" {
		t.Errorf("container = %+v", web)
	}
	deepEqual(t, "command", web.Command, &Command{Exec: []string{"gunicorn"}, Line: 23})
	deepEqual(t, "args", web.Args, &Command{Exec: []string{"shop.wsgi", "--bind", "0.0.0.0:8000"}, Line: 25})
	deepEqual(t, "env", envPairs(web.Env), []string{
		"DJANGO_SETTINGS_MODULE=shop.settings.production@27",
		"DJANGO_SECRET_KEY=@29<secret shop-secrets/secret-key",
		"POD_IP=@34<field status.podIP",
		"WORKERS=4@38",
	})
	deepEqual(t, "envFrom", web.EnvFrom, []Setting{{"configMap shop-config", 41}, {"secret shop-secrets", 43}})
}

func TestParseKubernetesCronJob(t *testing.T) {
	path, data := readFixture(t, "kubernetes/cronjob.yaml")
	km, err := ParseKubernetes(path, data)
	if err != nil {
		t.Fatalf("ParseKubernetes: %v", err)
	}
	if len(km.Workloads) != 1 || len(km.Workloads[0].Containers) != 1 {
		t.Fatalf("workloads = %+v", km.Workloads)
	}
	c := km.Workloads[0].Containers[0]
	deepEqual(t, "env", envPairs(c.Env), []string{"DJANGO_SETTINGS_MODULE=shop.settings.cron@16"})
	deepEqual(t, "args", c.Args, &Command{Exec: []string{"python", "manage.py", "clearsessions"}, Line: 14})
	if c.Command != nil {
		t.Errorf("command = %+v, want nil", c.Command)
	}
}

func TestParseKubernetesErrors(t *testing.T) {
	tests := []struct {
		file      string
		errs      []string
		workloads int
	}{
		{"kubernetes/broken.yaml", []string{"10: "}, 0},
		{"kubernetes/nospec.yaml", []string{
			"2: StatefulSet nospec has no spec.template.spec",
			`14: containers of Pod listed must be a list, found a single value`,
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path, data := readFixture(t, tt.file)
			km, err := ParseKubernetes(path, data)
			checkErrors(t, err, tt.errs)
			if len(km.Workloads) != tt.workloads {
				t.Errorf("got %d workloads, want %d", len(km.Workloads), tt.workloads)
			}
		})
	}
}

func TestLooksLikeKubernetes(t *testing.T) {
	for src, want := range map[string]bool{
		"apiVersion: v1\nkind: Pod\n":       true,
		"kind: Pod\n":                       false,
		"services:\n  kind: x\napiVersion:": false,
		"":                                  false,
	} {
		if got := LooksLikeKubernetes([]byte(src)); got != want {
			t.Errorf("LooksLikeKubernetes(%q) = %v, want %v", src, got, want)
		}
	}
}
