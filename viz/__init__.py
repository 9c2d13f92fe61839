"""Pictures of the graph: the interactive page (:mod:`.page`) and the static overview
(:mod:`.overview`), both drawing one filtered, styled view (:mod:`.view`)."""
