#pragma once

#include <QHashFunctions>
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace Ops {

//! \brief One tile of the XYZ scheme: zoom, column from the west, row from the north.
struct TileId
{
    int z = 0;
    int x = 0;
    int y = 0;

    friend bool operator==(const TileId &, const TileId &) = default;
    friend size_t qHash(const TileId &tile, size_t seed = 0) noexcept
    {
        return qHashMulti(seed, tile.z, tile.x, tile.y);
    }
};

//! \brief Where basemap tiles come from. request() never blocks: each request is answered once,
//! later, by tileLoaded() (a null image: there is no tile there, e.g. outside an offline file's
//! area) or tileFailed() (the source could not deliver it, with the reason).
class TileSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileSource)

public:
    ~TileSource() override;

    virtual void request(const TileId &tile) = 0;
    //! The credit the tiles' licence asks for, shown on the map at all times.
    [[nodiscard]] virtual QString attribution() const = 0;
    //! Where the tiles come from, for messages ("tile.example.org", "london.mbtiles").
    [[nodiscard]] virtual QString name() const = 0;
    [[nodiscard]] virtual int minZoom() const { return 0; }
    [[nodiscard]] virtual int maxZoom() const { return 19; }

Q_SIGNALS:
    void tileLoaded(const Ops::TileId &tile, const QImage &image);
    void tileFailed(const Ops::TileId &tile, const QString &reason);
    //! The source cannot deliver anything (e.g. a file that is no MBTiles file).
    void sourceFailed(const QString &reason);
    //! attribution(), minZoom() or maxZoom() changed (read from an offline file's metadata).
    void metadataChanged();

protected:
    explicit TileSource(QObject *parent = nullptr);
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::TileId)
