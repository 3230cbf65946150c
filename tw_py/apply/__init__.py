"""Seqera resources as code: `twpy apply FILE...` and `twpy export`, over seqerakit's YAML format.

    loader.py   read and merge the files, substitute $VARS, validate every entry (no request sent)
    fields.py   the keys an entry may have, and how each value is checked
    kinds.py    every resource kind described once, as data (find, read, compare, create, update, delete, export)
    plan.py     what would change: one Change per entry
    run.py      plan, then apply (or delete) generically over the kinds
    export.py   a workspace's resources back as YAML (+ JSON files) that apply recreates
"""
