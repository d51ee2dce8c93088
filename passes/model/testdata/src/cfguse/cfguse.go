package cfguse

import "cfgd"

func G(j *cfgd.Job, c cfgd.Client) { // want `run\(cfgd.Job fields=State sinks= owners=\)`
	_ = j.State // want `guarded cfgd.Job.State`
	c.Fetch()   // want `^provider$` `^provider$`
	_ = j.ID
}
