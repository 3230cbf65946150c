"""tw's JSON: the order of the documents tw builds in java.util.HashMaps."""
from tw_py.jsonfmt import java_hashmap_order


def keys(*names):
    return list(java_hashmap_order(dict.fromkeys(names)))


def test_orders_tw_prints():
    # compute-envs primary get/set and info's opts, as tw 0.38 prints them (tw-surface §4.21)
    assert keys("id", "name", "platform") == ["name", "id", "platform"]
    assert keys("cliApiVersion", "cliVersion", "towerApiVersion", "towerApiEndpoint", "towerVersion", "userName") == \
        ["towerVersion", "towerApiEndpoint", "cliVersion", "cliApiVersion", "towerApiVersion", "userName"]


def test_keys_of_one_bucket_keep_the_order_they_were_put_in():
    # "Aa" and "BB" have the same String.hashCode (2112)
    assert keys("BB", "Aa") == ["BB", "Aa"] and keys("Aa", "BB") == ["Aa", "BB"]


def test_more_than_twelve_keys_double_the_table_and_change_the_order():
    usage = ("pcpu", "rss", "peakRss", "vmem", "peakVmem", "rchar", "wchar", "readBytes", "writeBytes", "syscr", "syscw",
             "volCtxt", "invCtxt")
    assert keys(*usage[:12]) == ["syscr", "rss", "writeBytes", "peakVmem", "wchar", "vmem", "readBytes", "volCtxt",
                                 "pcpu", "syscw", "rchar", "peakRss"]
    assert keys(*usage) == ["vmem", "pcpu", "syscw", "peakRss", "syscr", "rss", "writeBytes", "peakVmem", "wchar",
                            "readBytes", "volCtxt", "invCtxt", "rchar"]


def test_hash_over_utf16_code_units():
    # a character outside the BMP hashes as its two UTF-16 surrogates in Java ("\U0001F600".hashCode() == 1772899,
    # bucket 8); hashed as one code point it would share "a"'s bucket 1 and stay first
    assert keys("\U0001F600", "a") == ["a", "\U0001F600"]
