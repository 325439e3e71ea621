"""The learned task detector: hashed character n-grams and structural bins, a linear head.

``features`` turns a request into feature ids (numpy, no per-character Python loop, no
regular expression), ``model`` holds the trained weights (loaded from a .npz with
``allow_pickle=False`` and a JSON file of metadata: nothing is executed on load),
``detector`` is the registered detector, ``custom`` scores task types the model was not
trained on, ``calibration`` fits and measures the confidence, ``train`` fits a model on a
labelled corpus (scikit-learn, imported only there).
"""
