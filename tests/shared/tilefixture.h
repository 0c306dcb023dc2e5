#pragma once

#include <QByteArray>
#include <QString>

//! \brief A small street map drawn for tests and screenshots, so that no tile is ever fetched
//! from the internet: a street grid (main roads every ~600 m, side streets every ~150 m), a few
//! parks and a river, drawn in Web Mercator world coordinates, so neighbouring tiles line up
//! like real ones.
namespace TileFixture {

//! Tile \a z/\a x/\a y as a 256 px PNG.
[[nodiscard]] QByteArray png(int z, int x, int y);
//! Writes an MBTiles file at \a path with every tile of zoom \a minZoom..\a maxZoom that covers
//! lat \a south..\a north, lon \a west..\a east (rows in TMS order, as the format says), and
//! the metadata (name, format, minzoom, maxzoom, attribution \a attribution). False with the
//! reason in \a error when the file cannot be written.
bool writeMbTiles(const QString &path, double south, double west, double north, double east,
    int minZoom, int maxZoom, const QString &attribution, QString *error = nullptr);

} // namespace TileFixture
