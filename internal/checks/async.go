package checks

import "github.com/deploycheck/deploycheck/internal/finding"

const allowAsyncUnsafe = "DJANGO_ALLOW_ASYNC_UNSAFE"

func asyncChecks() []*Check {
	return []*Check{{
		ID: "async.E001", Topic: finding.TopicSystem, Severity: finding.Error,
		Django: true, DeployOnly: true,
		Doc: `DJANGO_ALLOW_ASYNC_UNSAFE is set in the deployment environment.

The variable switches off Django's guard against calling synchronous,
thread-bound code (such as the ORM) from an event loop. It exists for
notebooks and tests; in production it hides bugs that corrupt data or
connections under load. Django reports it when the variable has any
non-empty value. deploycheck decides it from the environment given with
--env/--env-file; without one it cannot know.

Fix: remove DJANGO_ALLOW_ASYNC_UNSAFE from the production environment.`,
		Run: func(p *Pass) {
			if p.Settings.Environ == nil || p.Settings.Environ[allowAsyncUnsafe] == "" {
				return
			}
			p.Report(finding.Finding{
				Message: allowAsyncUnsafe + " is set, which disables Django's protection against running synchronous code inside an event loop.",
				Hint:    "Remove " + allowAsyncUnsafe + " from the production environment.",
				Env:     []string{allowAsyncUnsafe},
			})
		},
	}}
}
