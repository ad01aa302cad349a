@echo off
rem duplex launcher for Windows: builds what is missing (quietly, once), then runs a subcommand.
rem   duplex demo | server | chat | video | example | bench | --help
rem In a source checkout (duplex.cmd) it builds with Maven on first use; in the distribution
rem (bin\duplex.cmd) it runs lib\ with Java alone. Kept in step with the bash launcher ./duplex
rem by LaunchScriptsTest. Exit codes: those of duplex (0, 1, 2), or 1 when Java or the build is missing.
rem No parenthesised blocks below: a path such as "C:\Program Files (x86)" would end them early.
setlocal EnableExtensions DisableDelayedExpansion

set "DUPLEX_HERE=%~dp0"
if exist "%DUPLEX_HERE%pom.xml" goto source
if not exist "%DUPLEX_HERE%..\lib\" goto nolib
set "DUPLEX_LIB=%DUPLEX_HERE%..\lib"
set "DUPLEX_JAR="
goto java

:source
set "DUPLEX_JAR=%DUPLEX_HERE%cli\target\duplex.jar"
set "DUPLEX_LIB=%DUPLEX_HERE%cli\target\lib"
if not exist "%DUPLEX_JAR%" goto build
if not exist "%DUPLEX_LIB%\" goto build
rem Rebuild when any source or pom is newer than the launcher jar (target\ skipped: -Pcross-dist
rem keeps a copy of the sources there).
powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "$jar = (Get-Item -LiteralPath $env:DUPLEX_JAR).LastWriteTimeUtc; $newer = Get-ChildItem -LiteralPath $env:DUPLEX_HERE -Recurse -File -Force -ErrorAction SilentlyContinue | Where-Object { $r = '\' + $_.FullName.Substring($env:DUPLEX_HERE.Length); $r -notlike '\.git\*' -and $r -notlike '*\target\*' -and ($_.Name -eq 'pom.xml' -or $r -like '*\src\main\*') -and $_.LastWriteTimeUtc -gt $jar } | Select-Object -First 1; if ($newer) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto java

:build
where mvn >nul 2>nul || goto nomaven
echo building duplex... (first run or changed sources; about a minute) 1>&2
if not exist "%DUPLEX_HERE%target\" mkdir "%DUPLEX_HERE%target"
set "DUPLEX_LOG=%DUPLEX_HERE%target\build.log"
pushd "%DUPLEX_HERE%"
call mvn -B -q -DskipTests package -pl cli -am > "%DUPLEX_LOG%" 2>&1
set "DUPLEX_BUILD=%ERRORLEVEL%"
popd
if "%DUPLEX_BUILD%"=="0" goto java
echo duplex: the build failed; the last lines of %DUPLEX_LOG%: 1>&2
powershell -NoProfile -NonInteractive -Command "Get-Content -LiteralPath $env:DUPLEX_LOG -Tail 30" 1>&2
exit /b 1

:java
rem Java reads its command line in the ANSI code page: the short (8.3) form of the folders keeps a
rem class path under a folder such as C:\Users\Kim Chul-su\Downloads\duplex intact whatever its letters.
for %%I in ("%DUPLEX_LIB%") do set "DUPLEX_CP=%%~fsI\*"
if defined DUPLEX_JAR for %%I in ("%DUPLEX_JAR%") do set "DUPLEX_CP=%%~fsI;%DUPLEX_CP%"
set "DUPLEX_JAVA=java"
if not defined JAVA_HOME goto javapath
if exist "%JAVA_HOME%\bin\java.exe" set "DUPLEX_JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_HOME%\bin\java.exe" goto javaversion
:javapath
where java >nul 2>nul || goto nojava

:javaversion
rem "1.8.0_392", "11.0.21", "16-ea": anything before 17 is refused with a sentence.
"%DUPLEX_JAVA%" -version 2>&1 | findstr /r /c:"version \"1\.[0-9]" /c:"version \"9" /c:"version \"1[0-6][^0-9]" >nul && goto oldjava

rem The console shows UTF-8 while duplex runs (Korean text, emoji); the old code page comes back after.
for /f "tokens=2 delims=:." %%p in ('chcp') do set "DUPLEX_CODEPAGE=%%p"
chcp 65001 >nul
rem The video app's JVM compiles with C1 only (see the same lines in duplex); DUPLEX_JAVA_OPTS can override it.
set "DUPLEX_JIT_OPTS="
if /i "%~1"=="video" set "DUPLEX_JIT_OPTS=-XX:TieredStopAtLevel=1"
"%DUPLEX_JAVA%" %DUPLEX_JIT_OPTS% %DUPLEX_JAVA_OPTS% -cp "%DUPLEX_CP%" dev.duplex.cli.Duplex %*
set "DUPLEX_EXIT=%ERRORLEVEL%"
if defined DUPLEX_CODEPAGE chcp %DUPLEX_CODEPAGE% >nul
exit /b %DUPLEX_EXIT%

:nolib
echo duplex: cannot find duplex's lib folder next to %DUPLEX_HERE%; unzip the whole distribution. 1>&2
exit /b 1

:nomaven
echo duplex: Maven (mvn) is needed to build duplex from source; install it (https://maven.apache.org), or use the distribution zip, which needs only Java. 1>&2
exit /b 1

:nojava
echo duplex: Java 17 or newer is needed: install a Java runtime (e.g. Eclipse Temurin 17 or 21) and put java on the PATH, or set JAVA_HOME. 1>&2
exit /b 1

:oldjava
echo duplex: Java 17 or newer is needed, but %DUPLEX_JAVA% is older: install Java 17+ and put it first on the PATH, or set JAVA_HOME to it. 1>&2
exit /b 1
