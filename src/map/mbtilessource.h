#pragma once

#include <QString>
#include <QThread>

#include "tilesource.h"

namespace Ops {

class MbTilesReader;

//! \brief Tiles from an offline MBTiles file (SQLite: `tiles(zoom_level, tile_column, tile_row,
//! tile_data)` and a `metadata` table), for sites without internet.
//!
//! Every read happens on a worker thread with its own read-only QtSql connection: a query and
//! an image decode are cheap, but a file on a slow or busy disk (or a network share) is not, and
//! the UI thread never waits for one. MBTiles rows are TMS: row 0 is the southernmost, so tile
//! (z, x, y) is read from row 2^z − 1 − y. The metadata's `attribution`, `minzoom` and
//! `maxzoom` are used when present; a file that cannot be opened or has no `tiles` table
//! reports sourceFailed() with the reason.
class MbTilesSource final : public TileSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MbTilesSource)

public:
    //! Opens \a path on the worker thread; \a attribution (if not empty) wins over the file's.
    explicit MbTilesSource(
        const QString &path, const QString &attribution = {}, QObject *parent = nullptr);
    //! Closes the file and stops the worker (waits for a read in progress).
    ~MbTilesSource() override;

    void request(const TileId &tile) override;
    [[nodiscard]] QString attribution() const override;
    [[nodiscard]] QString name() const override { return m_name; }
    [[nodiscard]] int minZoom() const override { return m_minZoom; }
    [[nodiscard]] int maxZoom() const override { return m_maxZoom; }

private:
    void onOpened(const QString &attribution, int minZoom, int maxZoom);

    QString m_name;
    QString m_attribution; //!< given
    QString m_fileAttribution; //!< the file's metadata
    int m_minZoom = 0;
    int m_maxZoom = 19;
    QThread m_thread;
    MbTilesReader *m_reader; //!< lives on m_thread; deleted when it finishes
};

} // namespace Ops
