"""Reports for the owner, from the hub's database: a period's tables (one function per sheet), written as an Excel
workbook with native charts or as CSV files. Runs on the hub's PC (`netbar report`); never imported by a kiosk."""
