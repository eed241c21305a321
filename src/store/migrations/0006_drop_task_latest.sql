-- planwatch schema v6: task_latest (0003) only fed tasks.latest_progress / latest_percent (0004), the
-- columns every reader uses; the store now writes those directly, so the second copy goes.
DROP TABLE task_latest;
