# Prosync's image: built with the .NET SDK (and npm, for the dashboard's uPlot), run on the ASP.NET runtime.
# Used by docker-compose.yml; on its own:
#   docker build -t prosync . && docker run -p 6600:6600 -p 8080:8080 prosync --server kitchen=192.168.1.20
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, from the project files alone, so code changes do not invalidate that layer.
COPY Prosync.sln Directory.Build.props ./
COPY build/ build/
COPY Prosync.Actors/Prosync.Actors.csproj Prosync.Actors/
COPY Prosync.Host/Prosync.Host.csproj Prosync.Host/
RUN dotnet restore Prosync.Host/Prosync.Host.csproj
COPY Prosync.Host/Dashboard/package.json Prosync.Host/Dashboard/package-lock.json Prosync.Host/Dashboard/
RUN cd Prosync.Host/Dashboard && npm ci --no-audit --no-fund
# The actor system's settings: embedded by Prosync.Actors, copied next to the program by Prosync.Host.
COPY akka.hocon ./
COPY Prosync.Actors/ Prosync.Actors/
COPY Prosync.Host/ Prosync.Host/
RUN dotnet publish Prosync.Host/Prosync.Host.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# In a container, listen on every interface; the ports are published by docker-compose.yml.
ENV Prosync__Listen=0.0.0.0:6600 \
    Prosync__Http=0.0.0.0:8080
EXPOSE 6600 8080
ENTRYPOINT ["dotnet", "Prosync.Host.dll"]
