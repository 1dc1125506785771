"""考生信息填报 (issue 15): the unit's staff enter their candidates and scans."""
