"""A scan's look-up tiles as 64-bit integers: how ``scan_tiles`` stores them and a look-up asks them.

Why integers: a scan has ~580 tiles under scan checks 5 (``scan_checks.print_keys``: eight grids), and
as text rows of ``flag_keys`` (``s:grid.row.column:bits`` with the scan's 64-character sha, a surrogate
id and two indexes) they cost ~136 bytes each — ~19 GB for 10^5 records with 2.4 scans each
(docs/PERFORMANCE.md). As an integer ``position << TILE_BITS | bits`` beside the number of the scan's
``x:`` row (``models.ScanTile``) a tile is ~30–40 bytes with its index.

The position ``grid.row.column`` is numbered ``grid << 12 | row << 6 | column`` — fixed, not
per look-up, since it is stored: 3 + 6 + 6 bits above the tile's 48, 63 bits in all, so a tile is a
non-negative signed 64-bit integer (PostgreSQL ``BIGINT``). A print of ``scan_checks.PRINT_SIZE``
(192 × 144 cells) has at most 8 grids of 22 rows and 11 columns of tiles.
"""

from __future__ import annotations

from collections.abc import Container

from reviewdesk.domain import scan_checks

#: Bits of a tile below its position (its cells: ``scan_checks.KEY_TILE`` / ``KEY_CELL``), 48.
TILE_BITS = (scan_checks.KEY_TILE[0] // scan_checks.KEY_CELL[0]) * (
    scan_checks.KEY_TILE[1] // scan_checks.KEY_CELL[1]
)
#: Bits of a position's row and column numbers; its grid number takes what is left of 63.
PLACE_BITS = 6
GRID_BITS = 63 - TILE_BITS - 2 * PLACE_BITS
_LOW = (1 << TILE_BITS) - 1


def tile_of(tag: str, bits: str) -> int:
    """The integer of one tile: its position ``"grid.row.column"`` and its bits in hex (a key of
    ``scan_checks.hash_parts``). Raises ValueError for a tile this numbering cannot hold (another
    size of tile, or a grid, row or column out of range): a key stored wrong would match wrongly."""
    if len(bits) * 4 != TILE_BITS:
        raise ValueError(f"tile {tag}:{bits} does not fit {TILE_BITS}-bit tiles of this numbering")
    return position_of(tag) << TILE_BITS | int(bits, 16)


def position_of(tag: str) -> int:
    """The number of a position ``"grid.row.column"``: ``grid << 12 | row << 6 | column`` (what a
    tile is shifted above its bits; ``server.flag_index`` numbers the tiles it reads from hashes by
    it too, so a tile is one integer everywhere). ValueError for a grid, row or column out of range."""
    grid, row, column = (int(part) for part in tag.split("."))
    if not (0 <= grid < 1 << GRID_BITS and 0 <= row < 1 << PLACE_BITS and 0 <= column < 1 << PLACE_BITS):
        raise ValueError(f"position {tag} does not fit this numbering")
    return (grid << PLACE_BITS | row) << PLACE_BITS | column


def text_of(tile: int) -> str:
    """``"grid.row.column:bits"``: the tile as ``scan_checks.hash_bands`` writes it (:func:`tile_of`
    the other way)."""
    position, bits = tile >> TILE_BITS, tile & _LOW
    place = (1 << PLACE_BITS) - 1
    grid, row, column = position >> 2 * PLACE_BITS, position >> PLACE_BITS & place, position & place
    return f"{grid}.{row}.{column}:{bits:0{TILE_BITS // 4}x}"


def stored_tiles(text: str) -> list[int]:
    """The tiles a scan is stored under (``scan_checks.hash_bands`` as integers); none for a hash of
    another format (an older scan checks': ``reviewdesk-server reflag`` makes it again)."""
    return [tile_of(tag, bits) for tag, bits, _ in scan_checks.hash_parts(text)]


def own_tiles(text: str) -> dict[int, int]:
    """Each of a scan's tiles by its position (``tile >> TILE_BITS``): what a probe at that position
    is compared with to count the bits it flipped (the look-up's ranking, ``flags.ranked``)."""
    return {tile >> TILE_BITS: tile for tile in stored_tiles(text)}


def probe_tiles(text: str, skip: Container[int] = ()) -> list[int]:
    """The tiles a scan looks others up by: ``scan_checks.probe_keys`` as integers, in its order —
    each stored tile and its variants with some of its uncertain bits the other way
    (``scan_checks.probe_masks``); a tile in ``skip`` (common: a template's frame or heading) only as stored."""
    tiles = []
    for tag, bits, uncertain in scan_checks.hash_parts(text):
        tile = tile_of(tag, bits)
        if tile in skip:
            tiles.append(tile)
            continue
        flips = [1 << (TILE_BITS - 1 - p) for p in bytes.fromhex(uncertain)]
        for mask in scan_checks.probe_masks(len(flips)):
            flipped = tile
            for j, flip in enumerate(flips):
                if mask >> j & 1:
                    flipped ^= flip
            tiles.append(flipped)
    return tiles
