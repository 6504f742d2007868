@echo off
rem heaptriage launcher for Windows. Finds Java through JAVA_HOME, else the PATH; passes HEAPTRIAGE_OPTS and
rem JAVA_OPTS to the JVM; enables native access for the zstd decoder on JVMs where the option is standard (22+).
setlocal
set "HOME_DIR=%~dp0.."
set "JAR=%HOME_DIR%\lib\heaptriage.jar"
if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java.exe"
)
if defined JAVA_HOME if not exist "%JAVA_EXE%" (
  echo heaptriage: JAVA_HOME is '%JAVA_HOME%' but it has no bin\java.exe; expected a JDK or JRE 17 or newer there 1>&2
  exit /b 2
)
set "NATIVE="
for /f "tokens=3" %%v in ('"%JAVA_EXE%" -version 2^>^&1 ^| findstr /i "version"') do set "JVER=%%~v"
for /f "delims=.-+" %%m in ("%JVER%") do set "JFEATURE=%%m"
if defined JFEATURE if %JFEATURE% GEQ 22 set "NATIVE=--enable-native-access=ALL-UNNAMED"
"%JAVA_EXE%" %NATIVE% %JAVA_OPTS% %HEAPTRIAGE_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
