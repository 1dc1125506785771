"""专项信息 (one kind of certificate across many candidates, 批量核验) and 本单位确认码."""
