module example.com/backupsvc

go 1.26.0

require github.com/runtruth/runtruth v0.0.0

replace github.com/runtruth/runtruth => ../..
