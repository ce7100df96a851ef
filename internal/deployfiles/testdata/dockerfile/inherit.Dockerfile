FROM python:3.12 AS base
ENV A=1 B=base
CMD ["python", "app.py"]
USER app

FROM base AS web
ENV B=web
EXPOSE 8000

FROM node:20 AS assets
ENV NODE_ENV=production

FROM base AS final
ENTRYPOINT ["/entry.sh"]
