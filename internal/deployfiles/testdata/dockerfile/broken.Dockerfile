ENV TOO_EARLY=1
FROM python:3.12
ENV
BOGUS instruction here
ENV GOOD=1
FROM
EXPOSE
CMD python manage.py runserver 0.0.0.0:8000
