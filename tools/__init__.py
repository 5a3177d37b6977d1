"""The command line and offline tools: analyse, batch, eval, calibrate, bench."""
