workers = 3
forwarded_allow_ips = "*"  # want: dc.process.forwarded-allow-ips
