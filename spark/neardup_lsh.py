"""The band join and connected components of a neardup scan, on Apache Spark.

    spark-submit spark/neardup_lsh.py [--max-bucket N] [--max-rounds N] \
        OUT SHARD_DIR [SHARD_DIR ...]

Reads Parquet sketch shards written by `neardup sketch INPUT... --format
parquet -o SHARD_DIR` (on any number of machines), and writes to OUT:

    OUT/pairs/        candidate pairs: a int64, b int64 (doc ids, a < b)
    OUT/components/   doc_id int64, component int64 (the smallest doc id of
                      the document's connected component in the candidate
                      graph; documents without a candidate are left out)
    OUT/run/          one JSON line: the shards' parameters and the counts

`neardup scan INPUT... --candidates OUT` then verifies the pairs exactly on
the documents and reports what a local `neardup scan INPUT...` reports.

Checks, each a message and exit status 2: every shard's params.json must be
the same (format, version, sketch parameters, banding); a doc_id must not
appear twice (a repeated document id, or two ids with one hash; both
sources and shards are named).

The band join is neardup's (src/index/candidates.rs): documents holding the
same key in the same band form a bucket; a bucket of at most --max-bucket
documents (the document-frequency cap, 2,000 by default, neardup's
DEFAULT_MAX_BUCKET) pairs every two of its documents; a larger bucket pairs
its first document (the smallest source id, compared as UTF-8 bytes, which
is neardup's document order) with each of the others. The pairs are the
union over all bands, without repeats. The number of capped buckets is
printed and recorded.

Connected components use the large-star / small-star iteration in Spark SQL
(no GraphFrames): both steps keep the components of the graph and shrink
every tree, until the edges form stars around each component's smallest doc
id. Each round is cut from its lineage with localCheckpoint().

Needs nothing beyond pyspark (Spark 3.3 or later; Java 17).
"""

import argparse
import json
import sys
import time

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

SKETCH_FORMAT = "neardup-sketch"
SKETCH_VERSION = 3
RUN_FORMAT = "neardup-candidates"
RUN_VERSION = 1
DEFAULT_MAX_BUCKET = 2000

BANDS = {"doc_id": "bigint", "band": "int", "band_key": "bigint"}
DOCUMENTS = {"doc_id": "bigint", "source": "string", "length": "bigint", "content_hash": "bigint"}


class Refused(Exception):
    """Input the job will not use: a message for the user, exit status 2."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="neardup_lsh.py",
        description="Band join and connected components over neardup Parquet shards.",
    )
    p.add_argument("out", metavar="OUT", help="output directory (replaced)")
    p.add_argument("shards", metavar="SHARD_DIR", nargs="+", help="shard directories")
    p.add_argument(
        "--max-bucket",
        type=int,
        default=DEFAULT_MAX_BUCKET,
        help="document-frequency cap of a band key (default %(default)s, as neardup)",
    )
    p.add_argument(
        "--max-rounds",
        type=int,
        default=100,
        help="give up connected components after this many rounds",
    )
    a = p.parse_args(argv)
    if a.max_bucket < 1:
        p.error("--max-bucket must be at least 1")
    return a


def join_path(base, name):
    return base.rstrip("/") + "/" + name


def flatten(value, prefix=""):
    """A nested header as {"params.seed": 0, ...}."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: value}


def check_params(spark, shards):
    """The common header of the shards and their number (a shard argument
    may be a glob), or Refused naming the odd one."""
    paths = [join_path(s, "params.json") for s in shards]
    try:
        rows = (
            spark.read.text(paths)
            .select("value", F.col("_metadata.file_path").alias("file"))
            .collect()
        )
    except AnalysisException as e:
        raise Refused(f"cannot read the shards' params.json: {e}") from None
    seen = {}
    for r in rows:
        if r.value.strip():
            if r.file in seen:
                raise Refused(f"{r.file}: more than one line")
            seen[r.file] = r.value
    if not seen:
        raise Refused("no params.json found in the shard directories")
    first_file, first = None, None
    for file in sorted(seen):
        try:
            header = json.loads(seen[file])
        except ValueError as e:
            raise Refused(f"{file}: not a neardup-sketch header: {e}") from None
        if not isinstance(header, dict) or header.get("format") != SKETCH_FORMAT:
            raise Refused(f"{file}: not a neardup-sketch shard")
        if header.get("version") != SKETCH_VERSION:
            raise Refused(
                f"{file}: shard format version {header.get('version')}; "
                f"this job reads version {SKETCH_VERSION}"
            )
        if first is None:
            first_file, first = file, header
        elif header != first:
            ours, theirs = flatten(header), flatten(first)
            fields = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
            detail = ", ".join(f"{k} {ours.get(k)} there, {theirs.get(k)} here" for k in fields)
            raise Refused(
                f"{file}: made with other parameters than {first_file} ({detail}); "
                "sketch every shard with the same options"
            )
    return first, len(seen)


def read_table(spark, shards, name, columns):
    paths = [join_path(s, name) for s in shards]
    try:
        df = spark.read.parquet(*paths)
    except AnalysisException as e:
        raise Refused(f"cannot read the shards' {name} tables: {e}") from None
    types = dict(df.dtypes)
    for col, want in columns.items():
        if types.get(col) != want:
            raise Refused(
                f"the {name} tables have column {col} as {types.get(col, 'missing')}, "
                f"expected {want}"
            )
    return df.select(*columns, F.col("_metadata.file_path").alias("file"))


def check_unique_ids(documents):
    dup = (
        documents.groupBy("doc_id")
        .agg(
            F.count("*").alias("n"),
            F.min(F.struct("source", "file")).alias("one"),
            F.max(F.struct("source", "file")).alias("other"),
        )
        .where("n > 1")
        .orderBy("doc_id")
        .limit(5)
        .collect()
    )
    if dup:
        lines = [
            f"doc_id {r.doc_id}: {r.one.source} ({r.one.file}) and "
            f"{r.other.source} ({r.other.file})"
            + (f" and {r.n - 2} more" if r.n > 2 else "")
            for r in dup
        ]
        raise Refused(
            "documents share a doc_id (a repeated id, or two ids with one hash); "
            "give each document a distinct id:\n  " + "\n  ".join(lines)
        )


def candidate_pairs(bands, documents, max_bucket):
    """Pairs (a < b) of neardup's band join, and the bucket counts."""
    bucket = Window.partitionBy("band", "band_key")
    tagged = (
        bands.select("doc_id", "band", "band_key", F.count("*").over(bucket).alias("m"))
        .where("m >= 2")
        .persist()
    )
    stats = (
        tagged.groupBy("band", "band_key")
        .agg(F.first("m").alias("m"))
        .agg(
            F.count("*").alias("buckets"),
            F.sum(F.when(F.col("m") > max_bucket, 1).otherwise(0)).alias("capped"),
            F.max("m").alias("largest"),
        )
        .collect()[0]
    )
    # Buckets within the cap: every two members.
    small = (
        tagged.where(F.col("m") <= max_bucket)
        .groupBy("band", "band_key")
        .agg(F.collect_list("doc_id").alias("members"))
        .select(
            F.explode(
                F.expr(
                    "flatten(transform(members, x -> transform("
                    "filter(members, y -> y > x), y -> named_struct('a', x, 'b', y))))"
                )
            ).alias("p")
        )
        .select("p.a", "p.b")
    )
    # Buckets over the cap: a star around the first member by source id.
    big = tagged.where(F.col("m") > max_bucket).select("doc_id", "band", "band_key")
    first = (
        big.join(documents.select("doc_id", "source"), "doc_id")
        .groupBy("band", "band_key")
        .agg(F.min(F.struct("source", "doc_id")).alias("f"))
        .select("band", "band_key", F.col("f.doc_id").alias("first"))
    )
    star = (
        big.join(first, ["band", "band_key"])
        .where(F.col("doc_id") != F.col("first"))
        .select(
            F.least("first", "doc_id").alias("a"),
            F.greatest("first", "doc_id").alias("b"),
        )
    )
    pairs = small.unionByName(star).distinct()
    return pairs, tagged, stats


def large_star(edges):
    sym = edges.select(F.col("src").alias("u"), F.col("dst").alias("v")).unionByName(
        edges.select(F.col("dst").alias("u"), F.col("src").alias("v"))
    )
    low = sym.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return (
        sym.join(low, "u")
        .where(F.col("v") > F.col("u"))
        .select(F.col("v").alias("src"), F.col("m").alias("dst"))
        .distinct()
    )


def small_star(edges):
    down = edges.select(
        F.greatest("src", "dst").alias("u"), F.least("src", "dst").alias("v")
    ).where(F.col("u") != F.col("v"))
    low = down.groupBy("u").agg(F.min("v").alias("m"))
    moved = (
        down.join(low, "u")
        .select(F.col("v").alias("src"), F.col("m").alias("dst"))
        .where(F.col("src") != F.col("dst"))
    )
    return moved.unionByName(low.select(F.col("u").alias("src"), F.col("m").alias("dst"))).distinct()


def is_star_forest(edges):
    """Every edge points from a leaf to a root with no parent of its own."""
    if edges.groupBy("src").agg(F.countDistinct("dst").alias("k")).where("k > 1").limit(1).count():
        return False
    roots = edges.select(F.col("dst").alias("x")).distinct()
    leaves = edges.select(F.col("src").alias("x")).distinct()
    return roots.join(leaves, "x").limit(1).count() == 0


def components(pairs, max_rounds):
    """(doc_id, component) for every document in a pair, and the rounds."""
    edges = pairs.select(F.col("b").alias("src"), F.col("a").alias("dst")).localCheckpoint()
    rounds = 0
    while True:
        rounds += 1
        if rounds > max_rounds:
            raise Refused(f"connected components did not converge in {max_rounds} rounds")
        edges = small_star(large_star(edges)).localCheckpoint()
        if is_star_forest(edges):
            break
    roots = edges.select(F.col("dst").alias("doc_id"), F.col("dst").alias("component"))
    members = edges.select(F.col("src").alias("doc_id"), F.col("dst").alias("component"))
    return members.unionByName(roots).distinct(), rounds


def delete(spark, path):
    """Remove `path` on whatever file system holds it."""
    jvm = spark.sparkContext._jvm
    p = jvm.org.apache.hadoop.fs.Path(path)
    fs = p.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(p):
        fs.delete(p, True)


def run(spark, args):
    started = time.time()
    header, shard_count = check_params(spark, args.shards)
    bands = read_table(spark, args.shards, "bands", BANDS).drop("file")
    documents = read_table(spark, args.shards, "documents", DOCUMENTS).persist()
    check_unique_ids(documents)
    # A stale record must not describe new pairs: it goes first, and the
    # new one is written last.
    delete(spark, join_path(args.out, "run"))
    pairs, tagged, stats = candidate_pairs(bands, documents, args.max_bucket)
    pairs = pairs.persist()
    pairs.write.mode("overwrite").parquet(join_path(args.out, "pairs"))
    pair_count = spark.read.parquet(join_path(args.out, "pairs")).count()
    comps, rounds = components(pairs, args.max_rounds)
    comps = comps.persist()
    comps.write.mode("overwrite").parquet(join_path(args.out, "components"))
    info = {
        "format": RUN_FORMAT,
        "version": RUN_VERSION,
        "sketch": header,
        "shards": shard_count,
        "documents": documents.count(),
        "band_rows": bands.count(),
        "max_bucket": args.max_bucket,
        "buckets": stats["buckets"],
        "capped_buckets": stats["capped"] or 0,
        "largest_bucket": stats["largest"] or 0,
        "pairs": pair_count,
        "components": comps.select("component").distinct().count(),
        "iterations": rounds,
    }
    record = json.dumps(info, separators=(",", ":"))
    spark.createDataFrame([(record,)], "value string").coalesce(1).write.mode("overwrite").text(
        join_path(args.out, "run")
    )
    tagged.unpersist()
    elapsed = time.time() - started
    print(
        f"neardup_lsh: {info['documents']} documents in {info['shards']} shards, "
        f"{info['band_rows']} band rows; {info['buckets']} buckets of 2 or more, "
        f"{info['capped_buckets']} over the cap of {args.max_bucket} "
        f"(largest {info['largest_bucket']}); {info['pairs']} candidate pairs in "
        f"{info['components']} components ({rounds} rounds); {elapsed:.1f} s"
    )


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    spark = SparkSession.builder.appName("neardup-lsh").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        run(spark, args)
    except Refused as e:
        print(f"neardup_lsh: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
