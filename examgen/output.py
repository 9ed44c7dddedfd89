"""Write output files atomically: a temporary name in the same folder, then a rename."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from examgen.errors import OutputError

# Names that examgen writes; --force removes the ones a new run does not rewrite.
OUTPUT_PATTERNS = ("exam.tex", "key.tex", "exam.md", "key.md", "exam.json", "exam.pdf",
                   "key.pdf", "figure-*.svg")


def check_folder(folder: Path, force: bool) -> None:
    """Raise OutputError if `folder` cannot take the output; create nothing.

    A folder that already contains files is rejected unless `force` is set, so that
    a run never mixes its files with an older exam's by accident.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out {str(folder)!r} is a file, not a folder; choose a folder path")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputError(
            f"--out folder {str(folder)!r} is not empty; choose another folder or add "
            "--force to overwrite"
        )
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"--out folder {str(folder)!r} is not writable; choose another folder")


def remove_stale_outputs(folder: Path, keep: set[str]) -> None:
    """Delete earlier examgen outputs in `folder` whose names are not in `keep`.

    With --force, an older exam's PDF or figure must not stay beside a new exam.
    """
    for pattern in OUTPUT_PATTERNS:
        for path in folder.glob(pattern):
            if path.name not in keep and path.is_file():
                path.unlink()


def prepare_folder(folder: Path, force: bool) -> None:
    """Check `folder` as `check_folder` does, then create it if needed."""
    check_folder(folder, force)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"cannot create --out folder {str(folder)!r} ({error.strerror}); "
            "choose a writable folder"
        ) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # mkstemp makes the file private (0600); sheets get the usual umask mode.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(folder: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write each text or bytes in `files` under its name in `folder`; return the paths."""
    written = []
    for name, content in files.items():
        path = folder / name
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            write_atomic(path, data)
        except OSError as error:
            raise OutputError(f"cannot write {str(path)!r} ({error.strerror})") from None
        written.append(path)
    return written


def find_latex_engine() -> str | None:
    """Return the path of pdflatex, or None when it is not installed."""
    return shutil.which("pdflatex")


@contextmanager
def _signals_blocked() -> Iterator[None]:
    # Holds SIGINT, SIGTERM and SIGHUP until the block ends; they are delivered then.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """Yield a new temporary folder and remove it afterwards, even on Ctrl-C or SIGTERM.

    A signal that lands while the folder is created or removed waits until that step
    is done, so an interrupted run leaves no half-removed folder behind.
    """
    with _signals_blocked():
        path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        with _signals_blocked():
            shutil.rmtree(path, ignore_errors=True)


def compile_pdf(engine: str, name: str, source: str) -> bytes:
    """Compile LaTeX `source` in a scratch folder and return the bytes of the PDF.

    pdflatex runs twice so that the page count and point totals resolve. A fixed
    SOURCE_DATE_EPOCH keeps the PDF's dates and ID the same on every run.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1"}
    with scratch_folder("examgen-latex-") as scratch:
        tex_path = Path(scratch) / f"{name}.tex"
        tex_path.write_text(source, encoding="utf-8")
        for _ in range(2):
            result = subprocess.run(
                [engine, "-interaction=nonstopmode", "-halt-on-error", tex_path.name],
                cwd=scratch, capture_output=True, text=True, errors="replace",
                timeout=300, check=False, env=env,
            )
            if result.returncode != 0:
                lines = [l for l in result.stdout.splitlines() if l.startswith("!")]
                detail = lines[0] if lines else f"exit code {result.returncode}"
                raise OutputError(f"pdflatex failed on {name}.tex: {detail}")
        return (Path(scratch) / f"{name}.pdf").read_bytes()
