workers = 3
bind = "0.0.0.0:8000"
reload = (True  # want: dc.files.parse
