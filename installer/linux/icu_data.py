"""Rebuilds ICU's data library in the Linux bundle with only the data Qt can reach, for Chinese and English.

PySide6's wheel carries ICU's whole data (libicudata.so.NN, 31 MB: every locale, collation, converter, dictionary
and transliterator). Of ICU, netbar's Qt calls only collation (ucol_*, QCollator), calendars and time-zone names
(ucal_*, QTimeZone) and named text codecs (ucnv_*, QStringConverter); case mapping and normalization need no data
file. So the library is rebuilt from the same data, less:

- the trees nothing of that reaches: break iterators and their dictionaries (Qt finds word and line boundaries
  itself), currency, language, region and unit names, number spell-out, transliterators (Qt's QLocale has its
  own CLDR data for names and numbers);
- the locales other than root, en* and zh*, at the top and in the collation and time-zone trees;
- the codecs' conversion tables: netbar reads and writes UTF-8, which ICU and Qt convert without a table (the
  alias table stays, so a codec's name still resolves), and Python, not Qt, reads the files it imports;
- Unicode character names (u_charName, never called).

`icupkg` (Debian: icu-devtools) removes the items and checks that what stays has what it depends on; `as` and `ld`
(binutils) wrap the data in a library with the symbol and soname the original has. Usage: icu_data.py LIBRARY WORK
"""

import re
import subprocess
import sys
from pathlib import Path

UNREACHED_TREES = ("brkitr/", "curr/", "lang/", "rbnf/", "region/", "translit/", "unit/")
# A locale's own data (`zh_Hans_CN.res`), as opposed to the tables all locales share (`pool.res`, `metaZones.res`).
LOCALE = re.compile(r"[a-z]{2,3}(_\w*)?\.res")
KEPT_LOCALE = re.compile(r"(en|zh)(_\w*)?\.res")
LEFT_OUT_FILES = ("unames.icu",)


def left_out(item: str) -> bool:
    name = item.rpartition("/")[2]
    if item.startswith(UNREACHED_TREES) or name.endswith(".cnv") or name in LEFT_OUT_FILES:
        return True
    return name != "res_index.res" and bool(LOCALE.fullmatch(name)) and not KEPT_LOCALE.fullmatch(name)


def rebuild(library: Path, work: Path) -> None:
    version = re.fullmatch(r"libicudata\.so\.(\d+)", library.name)
    if version is None:
        raise SystemExit(f"not an ICU data library: {library}")
    symbol = f"icudt{version.group(1)}_dat"
    # icupkg wants a package's file named as the prefix of its items (icudt73l/zh.res): whole/ and kept/ hold one each.
    package = f"icudt{version.group(1)}{sys.byteorder[0]}.dat"
    whole, kept, listing = work / "whole" / package, work / "kept" / package, work / "left-out.txt"
    whole.parent.mkdir(parents=True, exist_ok=True)
    kept.parent.mkdir(parents=True, exist_ok=True)
    # The library is the data alone: .rodata holds the symbol's bytes, a package that icupkg reads as it is.
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", library, whole], check=True)
    items = subprocess.run(["icupkg", "-l", whole], check=True, capture_output=True, text=True).stdout.split()
    dropped = [item for item in items if left_out(item)]
    listing.write_text("".join(f"{item}\n" for item in dropped), encoding="utf-8")
    kept.unlink(missing_ok=True)
    subprocess.run(["icupkg", "-r", listing, whole, kept], check=True)
    source = work / "icudata.s"
    source.write_text(
        f"""    .section .rodata
    .globl {symbol}
    .type {symbol}, @object
    .balign 16
{symbol}:
    .incbin "{kept}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
""",
        encoding="utf-8",
    )
    subprocess.run(["as", "-o", work / "icudata.o", source], check=True)
    built = work / library.name
    # Stripped (-s): the data needs no symbol but the exported one, which stays in the dynamic table.
    linked = ["ld", "-shared", "-s", "-z", "noexecstack", "--build-id", "-soname", library.name, "-o", built]
    subprocess.run([*linked, work / "icudata.o"], check=True)
    before, after = library.stat().st_size, built.stat().st_size
    library.write_bytes(built.read_bytes())
    print(f"{library.name}: {len(items) - len(dropped)} of {len(items)} items, {before >> 20} MB -> {after >> 20} MB")


if __name__ == "__main__":
    rebuild(Path(sys.argv[1]), Path(sys.argv[2]))
