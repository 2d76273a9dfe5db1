"""Engine adapters: the only code that imports a site engine.  Replace the folder to change engine;
the export (:mod:`showcase.output.export`) builds with a stock engine and no adapter at all."""
