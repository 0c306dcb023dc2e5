#pragma once

#include <chrono>

#include <QNetworkAccessManager>
#include <QString>

#include "tilesource.h"

namespace Ops {

//! \brief How an XyzTileSource fetches and keeps tiles.
struct XyzTileSettings
{
    //! `https://tile.example.org/{z}/{x}/{y}.png`
    QString urlTemplate;
    QString attribution;
    //! The disk cache (QNetworkDiskCache); empty: no disk cache.
    QString cacheDirectory;
    qint64 cacheBytes = 200LL * 1024 * 1024;
    //! A tile not fully received after this long fails ("no answer within 8 s").
    std::chrono::milliseconds timeout { 8000 };
    int maxZoom = 19;
};

//! \brief Raster tiles from a tile server (`{z}/{x}/{y}` URL template) over HTTP, cached on disk
//! with a size bound (QNetworkDiskCache: the oldest files go first). A tile on disk is used
//! without asking the server again (PreferCache): street tiles change rarely, and a tile at
//! hand beats a slow server.
//!
//! The basemap is an outside service, not the Opsboard server, so it has its own
//! QNetworkAccessManager (and its own cache; ApiClient's never sees tile traffic). Requests are
//! asynchronous; the PNG or JPEG of a tile (256 px, a few kB) is decoded when it arrives, which
//! costs well under a millisecond. A 404 is "no tile here", not a failure.
class XyzTileSource final : public TileSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(XyzTileSource)

public:
    explicit XyzTileSource(XyzTileSettings settings, QObject *parent = nullptr);
    ~XyzTileSource() override;

    void request(const TileId &tile) override;
    [[nodiscard]] QString attribution() const override { return m_settings.attribution; }
    [[nodiscard]] QString name() const override;
    [[nodiscard]] int maxZoom() const override { return m_settings.maxZoom; }
    [[nodiscard]] QUrl urlOf(const TileId &tile) const;
    //! Bytes the disk cache holds now (0 without one).
    [[nodiscard]] qint64 diskCacheBytes() const;
    //! Whether \a urlTemplate is usable: http(s) with {z}, {x} and {y}; else why not.
    [[nodiscard]] static QString checkTemplate(const QString &urlTemplate);

private:
    XyzTileSettings m_settings;
    QNetworkAccessManager m_network;
};

} // namespace Ops
